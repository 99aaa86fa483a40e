using System.Collections;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Utilities.Host.Tests.Infrastructure;

/// <summary>One handler of a page (or a minimal API endpoint): its route, method, handler name and the fields it binds.</summary>
public sealed record RouteHandler(string Pattern, IReadOnlyList<string> RouteParameters, string Method, string? Handler, IReadOnlyList<BoundField> Fields, bool IsPage, bool AllowsAnonymous, bool IgnoresAntiforgery = false)
{
    /// <summary>The path with route parameters filled in (and <c>?handler=</c> for a named page handler).</summary>
    public string Url(Func<string, string> value)
    {
        var path = Pattern;
        foreach (var name in RouteParameters)
        {
            var start = path.IndexOf("{" + name, StringComparison.OrdinalIgnoreCase);
            var end = path.IndexOf('}', start);
            var filled = string.Equals(name, "handler", StringComparison.OrdinalIgnoreCase) ? string.Empty : Uri.EscapeDataString(value(name));
            path = path[..start] + filled + path[(end + 1)..];
        }

        path = "/" + path.Trim('/');
        return Handler is null ? path : $"{path}?handler={Handler}";
    }

    public override string ToString() => $"{Method} /{Pattern}{(Handler is null ? string.Empty : "?handler=" + Handler)}";
}

/// <summary>A form or query field a handler binds: its name as posted and its CLR type.</summary>
public sealed record BoundField(string Name, Type Type, bool FromQuery);

/// <summary>
/// The application's own list of what it answers (<see cref="EndpointDataSource"/>), with each Razor page
/// compiled by the page loader to see its handlers and bound properties: tests cover every route the host
/// maps, a new page included, instead of a hand-kept list.
/// </summary>
public static class RouteCatalog
{
    public static async Task<IReadOnlyList<RouteHandler>> HandlersAsync(IServiceProvider services)
    {
        var source = services.GetRequiredService<EndpointDataSource>();
        var loader = services.GetRequiredService<PageLoader>();
        var handlers = new List<RouteHandler>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var endpoint in source.Endpoints.OfType<RouteEndpoint>())
        {
            var pattern = endpoint.RoutePattern.RawText ?? string.Empty;
            var parameters = endpoint.RoutePattern.Parameters.Select(p => p.Name).ToList();
            var anonymous = endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Authorization.IAllowAnonymous>() is not null
                            || endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Authorization.IAuthorizeData>() is null;
            if (endpoint.Metadata.GetMetadata<PageActionDescriptor>() is { } page)
            {
                // "/Index" and "/" are one page.
                if (!seen.Add(page.ViewEnginePath + "|" + pattern.EndsWith("index", StringComparison.OrdinalIgnoreCase)))
                    continue;
                var compiled = page as CompiledPageActionDescriptor ?? await loader.LoadAsync(page, endpoint.Metadata);
                anonymous = compiled.EndpointMetadata.OfType<Microsoft.AspNetCore.Authorization.IAllowAnonymous>().Any()
                            || !compiled.EndpointMetadata.OfType<Microsoft.AspNetCore.Authorization.IAuthorizeData>().Any();
                foreach (var method in compiled.HandlerMethods)
                {
                    var post = string.Equals(method.HttpMethod, "POST", StringComparison.OrdinalIgnoreCase);
                    var fields = new List<BoundField>();
                    foreach (var property in compiled.BoundProperties.Where(p => post || SupportsGet(p)))
                        Expand(property.BindingInfo?.BinderModelName ?? property.Name, property.ParameterType, property.BindingInfo?.BindingSource, fields, 0);

                    foreach (var parameter in method.Parameters)
                    {
                        if (parameter.ParameterType == typeof(CancellationToken) || parameters.Contains(parameter.Name, StringComparer.OrdinalIgnoreCase))
                            continue;
                        Expand(parameter.BindingInfo?.BinderModelName ?? parameter.Name, parameter.ParameterType, parameter.BindingInfo?.BindingSource, fields, 0);
                    }

                    var ignores = compiled.EndpointMetadata.OfType<Microsoft.AspNetCore.Mvc.ViewFeatures.IAntiforgeryPolicy>().LastOrDefault()
                        is Microsoft.AspNetCore.Mvc.IgnoreAntiforgeryTokenAttribute;
                    handlers.Add(new RouteHandler(pattern, parameters, method.HttpMethod.ToUpperInvariant(), method.Name, fields, true, anonymous, ignores));
                }
            }
            else if (endpoint.Metadata.GetMetadata<IHttpMethodMetadata>() is { } methods && pattern.Length > 0
                     && endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Mvc.Controllers.ControllerActionDescriptor>() is null)
            {
                foreach (var method in methods.HttpMethods)
                    handlers.Add(new RouteHandler(pattern, parameters, method.ToUpperInvariant(), null, [], false, anonymous));
            }
        }

        return handlers;
    }

    private static bool SupportsGet(Microsoft.AspNetCore.Mvc.Abstractions.ParameterDescriptor property) =>
        property is PageBoundPropertyDescriptor bound && bound.Property.GetCustomAttributes(typeof(Microsoft.AspNetCore.Mvc.BindPropertyAttribute), true)
            .OfType<Microsoft.AspNetCore.Mvc.BindPropertyAttribute>().Any(a => a.SupportsGet);

    private static void Expand(string name, Type type, BindingSource? source, List<BoundField> fields, int depth)
    {
        if (source == BindingSource.Services || source == BindingSource.Header || source == BindingSource.Special)
            return;
        var fromQuery = source == BindingSource.Query;
        var inner = Nullable.GetUnderlyingType(type) ?? type;
        if (IsSimple(inner) || typeof(IFormFile).IsAssignableFrom(inner) || typeof(IFormFileCollection).IsAssignableFrom(inner))
        {
            fields.Add(new BoundField(name, inner, fromQuery));
            return;
        }

        if (inner != typeof(string) && typeof(IEnumerable).IsAssignableFrom(inner))
        {
            var element = inner.IsArray ? inner.GetElementType()! : inner.GetGenericArguments().FirstOrDefault() ?? typeof(string);
            if (IsSimple(Nullable.GetUnderlyingType(element) ?? element) || typeof(IFormFile).IsAssignableFrom(element))
                fields.Add(new BoundField(name, Nullable.GetUnderlyingType(element) ?? element, fromQuery));
            else if (depth < 3)
                Expand(name + "[0]", element, source, fields, depth + 1);
            return;
        }

        if (depth >= 3)
            return;
        foreach (var property in inner.GetProperties().Where(p => p.CanWrite && p.GetIndexParameters().Length == 0))
            Expand($"{name}.{property.Name}", property.PropertyType, source, fields, depth + 1);
    }

    private static bool IsSimple(Type type) =>
        type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(DateOnly) || type == typeof(DateTime)
        || type == typeof(DateTimeOffset) || type == typeof(TimeOnly) || type == typeof(TimeSpan) || type == typeof(Guid);
}
