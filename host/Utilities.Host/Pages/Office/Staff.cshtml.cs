using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Utilities.Host.Platform.Staff;
using Utilities.Host.Resources;
using Utilities.Platform.Auditing;
using Utilities.Platform.Identity;
using Utilities.Platform.Modules;

namespace Utilities.Host.Pages.Office;

/// <summary>
/// Administrators add staff users and set their roles. Changes apply at the user's next request
/// (<see cref="StaffCookieEvents"/>). An administrator cannot take the administrator role from
/// themselves nor switch their own login off, so the centre is never left without one by mistake.
/// </summary>
internal sealed partial class StaffModel(
    StaffDirectory staff,
    IAuditLog audit,
    ICurrentUser user,
    IStringLocalizer<SharedResource> t) : PageModel
{
    private const int MinPasswordLength = 8;
    private const int MaxNameLength = 200;

    public IReadOnlyList<StaffUser> Users { get; private set; } = [];

    public static IReadOnlyList<string> AllRoles => StaffAuthentication.Roles;

    [BindProperty]
    public long Id { get; set; }

    [BindProperty]
    public string? Login { get; set; }

    [BindProperty]
    public string? DisplayName { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    [BindProperty]
    public List<string> Roles { get; set; } = [];

    [BindProperty]
    public bool Active { get; set; }

    public string? Error { get; private set; }

    [TempData]
    public string? Saved { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Users = await staff.ListAsync(cancellationToken);

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken cancellationToken)
    {
        var login = Login?.Trim().ToLowerInvariant() ?? string.Empty;
        var name = DisplayName?.Trim() ?? string.Empty;
        if (!LoginPattern().IsMatch(login))
            Error = t["StaffLoginInvalid"];
        else if (name.Length == 0 || name.Length > MaxNameLength)
            Error = t["StaffNameRequired", MaxNameLength];
        else if ((Password ?? string.Empty).Length < MinPasswordLength)
            Error = t["StaffPasswordTooShort", MinPasswordLength];
        else
            Error = RolesError();
        if (Error is null && await staff.LoginTakenAsync(login, cancellationToken))
            Error = t["StaffLoginTaken"];
        if (Error is not null)
            return await FailAsync(cancellationToken);

        StaffUser created;
        try
        {
            created = await staff.CreateAsync(login, name, Password!, Roles.Distinct(StringComparer.Ordinal).ToArray(), cancellationToken);
        }
        catch (Microsoft.EntityFrameworkCore.DbUpdateException e) when (e.InnerException is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation })
        {
            // Another administrator created the same login a moment ago.
            Error = t["StaffLoginTaken"];
            return await FailAsync(cancellationToken);
        }

        await audit.WriteAsync("staff.created", "staff:" + created.Login, string.Join(' ', created.Roles), cancellationToken);
        Saved = t["StaffCreated", created.Login];
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostChangeAsync(CancellationToken cancellationToken)
    {
        var target = await staff.FindAsync(Id, cancellationToken);
        if (target is null)
            Error = t["StaffUserNotFound"];
        else if (RolesError() is { } rolesError)
            Error = rolesError;
        else if ("staff:" + target.Login == user.Id && (!Roles.Contains(StaffRoles.Administrator) || !Active))
            Error = t["StaffSelfDemotion"];
        if (Error is not null)
            return await FailAsync(cancellationToken);

        var roles = AllRoles.Where(Roles.Contains).ToArray();
        await staff.UpdateAsync(target!, roles, Active, cancellationToken);
        await audit.WriteAsync("staff.changed", "staff:" + target!.Login, $"roles: {string.Join(' ', roles)}; active: {Active}", cancellationToken);
        Saved = t["StaffSaved", target.Login];
        return RedirectToPage();
    }

    private string? RolesError() =>
        Roles.Count == 0 ? t["StaffRolesRequired"].Value
        : Roles.Any(r => !AllRoles.Contains(r)) ? t["StaffRoleUnknown"].Value
        : null;

    private async Task<IActionResult> FailAsync(CancellationToken cancellationToken)
    {
        Response.StatusCode = StatusCodes.Status400BadRequest;
        Users = await staff.ListAsync(cancellationToken);
        return Page();
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{1,99}$")]
    private static partial Regex LoginPattern();
}
