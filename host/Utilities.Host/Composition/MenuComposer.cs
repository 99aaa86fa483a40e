using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Localization;
using Utilities.Host.Resources;
using Utilities.Platform.Modules;

namespace Utilities.Host.Composition;

/// <summary>The menu of a shell: the entries of enabled modules, localized and filtered by role.</summary>
internal sealed class MenuComposer(ModuleRegistry modules, IStringLocalizerFactory localizers)
{
    /// <summary>The host's own entries: administrators manage staff and integrators' API clients.</summary>
    private static readonly MenuEntry[] HostEntries =
    [
        new(UiShell.Office, "/office/staff", "Menu_Staff", typeof(SharedResource), 900, StaffRoles.Administrator),
        new(UiShell.Office, "/office/api-clients", "Menu_ApiClients", typeof(SharedResource), 910, StaffRoles.Administrator),
    ];

    public IReadOnlyList<MenuLink> For(UiShell shell, ClaimsPrincipal user) =>
        modules.Enabled
            .SelectMany(m => m.MenuEntries)
            .Concat(HostEntries)
            .Where(e => e.Shell == shell && (e.Roles.Length == 0 || e.Roles.Any(user.IsInRole)))
            .OrderBy(e => e.Order)
            .Select(e => new MenuLink(e.Path, localizers.Create(e.Resources)[e.TitleKey]))
            .ToList();

    /// <summary>The entry the page is under, the longest one: on /office/metering/round that is not /office/metering.</summary>
    public static MenuLink? Current(IEnumerable<MenuLink> links, PathString path) =>
        links.Where(l => path.StartsWithSegments(l.Path)).MaxBy(l => l.Path.Length);
}

internal sealed record MenuLink(string Path, string Title);
