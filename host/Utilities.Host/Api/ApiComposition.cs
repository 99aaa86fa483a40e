using System.Reflection;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc.ApplicationModels;
using Microsoft.AspNetCore.Mvc.ApplicationParts;
using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.AspNetCore.OData;
using Microsoft.AspNetCore.OData.Routing.Controllers;
using Microsoft.OData.Edm;
using Microsoft.OData.ModelBuilder;
using Utilities.Host.Composition;
using Utilities.Host.Platform.ApiClients;
using Utilities.Platform.Api;

namespace Utilities.Host.Api;

/// <summary>
/// The integrators' API: one OData route <c>/odata</c> over one EDM that every enabled module
/// contributes its entity sets to, the <c>apikey</c> authentication scheme and the scope policy.
/// </summary>
internal static class ApiComposition
{
    public const string RoutePrefix = "odata";

    /// <summary>Modules' own bulk endpoints (<c>/api/metering/readings</c>): JSON answers like OData's.</summary>
    public const string BulkPrefix = "/api";

    /// <summary>OData or a module's bulk endpoint.</summary>
    public static bool IsApiPath(PathString path) =>
        path.StartsWithSegments("/" + RoutePrefix, StringComparison.OrdinalIgnoreCase) || path.StartsWithSegments(BulkPrefix, StringComparison.OrdinalIgnoreCase);

    public static IServiceCollection AddIntegrationApi(this IServiceCollection services, ModuleRegistry modules)
    {
        services.AddScoped<ApiClientStore>();
        services.AddSingleton<IAuthorizationHandler, ApiScopeHandler>();
        services.AddAuthentication()
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthentication.Scheme, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(ApiAuthorization.Policy, p => p
                .AddAuthenticationSchemes(ApiKeyAuthentication.Scheme)
                .RequireAuthenticatedUser()
                .RequireClaim(ApiKeyAuthentication.KindClaim, ApiKeyAuthentication.ApiKind)
                .AddRequirements(new ApiScopeRequirement()));

        var model = BuildModel(modules);
        services.AddControllers(options => options.Conventions.Add(new ApiControllerConvention(modules)))
            .ConfigureApplicationPartManager(parts => parts.FeatureProviders.Add(new ModuleControllerFeatureProvider(modules)))
            .AddOData(options => options
                .AddRouteComponents(RoutePrefix, model, route => route.AddSingleton<Microsoft.AspNetCore.OData.Query.Expressions.IFilterBinder, UtcFilterBinder>())
                .Select().Filter().OrderBy().Expand().Count().SkipToken().SetMaxTop(ApiLimits.MaxTop));
        return services;
    }

    /// <summary>
    /// API answers (OData and the bulk endpoints) are JSON, never the HTML pages the UI shows for a bare status code or an error.
    /// An unexpected error gets a JSON 500 without details; the request log has the exception.
    /// </summary>
    public static IApplicationBuilder UseIntegrationApiResponses(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (!context.Request.Path.StartsWithSegments("/" + RoutePrefix, StringComparison.OrdinalIgnoreCase)
                && !context.Request.Path.StartsWithSegments(BulkPrefix, StringComparison.OrdinalIgnoreCase))
            {
                await next(context);
                return;
            }

            if (context.Features.Get<IStatusCodePagesFeature>() is { } statusPages)
                statusPages.Enabled = false;
            try
            {
                await next(context);
            }
            catch (Exception) when (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
            {
                context.Response.Clear();
                await ApiErrors.WriteAsync(context, StatusCodes.Status500InternalServerError, "InternalError",
                    "The request failed on the server. Try again later; if it keeps failing, tell the settlement centre.");
            }
        });

    public static IEdmModel BuildModel(ModuleRegistry modules)
    {
        var builder = new ODataConventionModelBuilder { Namespace = "Utilities", ContainerName = "Utilities" };
        foreach (var module in modules.Enabled)
            module.AddODataEntitySets(builder);
        return builder.GetEdmModel();
    }
}

/// <summary>
/// Every OData controller requires the API policy, and a module's controllers carry the module's
/// tag (its scope and its name in request logs). Modules cannot forget either.
/// </summary>
internal sealed class ApiControllerConvention(ModuleRegistry modules) : IControllerModelConvention
{
    public void Apply(ControllerModel controller)
    {
        // MetadataController (service document, $metadata) is OData's own and no ODataController.
        if (!typeof(ODataController).IsAssignableFrom(controller.ControllerType) && !typeof(MetadataController).IsAssignableFrom(controller.ControllerType))
            return;
        var module = modules.FindByAssembly(controller.ControllerType.Assembly);
        foreach (var selector in controller.Actions.SelectMany(a => a.Selectors))
        {
            selector.EndpointMetadata.Add(new AuthorizeAttribute(ApiAuthorization.Policy));
            if (module is not null)
                selector.EndpointMetadata.Add(new ModuleTag(module.Name));
        }
    }
}

/// <summary>
/// MVC finds public controllers only; a module keeps its OData controllers internal (architecture.md:
/// only the entry point is public), so the controllers of enabled modules' assemblies are added here.
/// </summary>
internal sealed class ModuleControllerFeatureProvider(ModuleRegistry modules) : IApplicationFeatureProvider<ControllerFeature>
{
    public void PopulateFeature(IEnumerable<ApplicationPart> parts, ControllerFeature feature)
    {
        var assemblies = parts.OfType<AssemblyPart>().Select(p => p.Assembly).ToHashSet();
        foreach (var module in modules.Enabled.Where(m => assemblies.Contains(m.Assembly)))
        {
            foreach (var type in module.Assembly.GetTypes().Select(t => t.GetTypeInfo()))
            {
                if (type is { IsClass: true, IsAbstract: false, IsPublic: false, ContainsGenericParameters: false }
                    && typeof(ODataController).IsAssignableFrom(type)
                    && type.Name.EndsWith("Controller", StringComparison.Ordinal)
                    && !feature.Controllers.Contains(type))
                {
                    feature.Controllers.Add(type);
                }
            }
        }
    }
}
