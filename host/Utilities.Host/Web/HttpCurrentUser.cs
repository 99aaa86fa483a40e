using System.Security.Claims;
using Utilities.Platform.Identity;

namespace Utilities.Host.Web;

internal sealed class HttpCurrentUser(IHttpContextAccessor accessor) : ICurrentUser
{
    private ClaimsPrincipal? Principal => accessor.HttpContext?.User;

    public bool IsAuthenticated => Principal?.Identity?.IsAuthenticated == true;

    public string? Id => IsAuthenticated ? Principal!.FindFirstValue(ClaimTypes.NameIdentifier) : null;

    public string? DisplayName => IsAuthenticated ? Principal!.FindFirstValue(ClaimTypes.Name) : null;

    public bool IsInRole(string role) => Principal?.IsInRole(role) == true;
}
