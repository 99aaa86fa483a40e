namespace Utilities.Host.Platform.Staff;

internal static class StaffAuthentication
{
    public const string Scheme = "staff";
    public const string StaffPolicy = "staff";
    public const string AdministratorPolicy = "administrator";
    public const string KindClaim = "kind";
    public const string StaffKind = "staff";

    /// <summary>Every staff role, in the order the administrator's page shows them.</summary>
    public static readonly IReadOnlyList<string> Roles =
    [
        Utilities.Platform.Modules.StaffRoles.Operator,
        Utilities.Platform.Modules.StaffRoles.Inspector,
        Utilities.Platform.Modules.StaffRoles.Accountant,
        Utilities.Platform.Modules.StaffRoles.Administrator,
    ];
}
