using Microsoft.AspNetCore.Authorization;
using Utilities.Host.Composition;

namespace Utilities.Host.Api;

/// <summary>
/// The scope an API call needs follows from the module serving the endpoint (its
/// <see cref="ModuleTag"/>) and the HTTP method. Endpoints of no module (the service document,
/// <c>$metadata</c>) need a valid key only.
/// </summary>
internal sealed class ApiScopeRequirement : IAuthorizationRequirement;

internal sealed class ApiScopeHandler : AuthorizationHandler<ApiScopeRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, ApiScopeRequirement requirement)
    {
        if (context.Resource is not HttpContext http)
            return Task.CompletedTask;

        var endpoint = http.GetEndpoint();
        var module = endpoint?.Metadata.GetMetadata<ModuleTag>();
        // Only the service document and $metadata belong to no module; any other endpoint without one is refused (fail closed).
        var isMetadata = endpoint?.Metadata.GetMetadata<Microsoft.AspNetCore.Mvc.Controllers.ControllerActionDescriptor>()?.ControllerTypeInfo
            == typeof(Microsoft.AspNetCore.OData.Routing.Controllers.MetadataController);
        if ((module is null && isMetadata) || (module is not null && context.User.HasClaim(ApiKeyAuthentication.ScopeClaim, ApiScopes.For(module.Name, ApiScopes.AccessOf(http.Request.Method)))))
            context.Succeed(requirement);
        return Task.CompletedTask;
    }
}
