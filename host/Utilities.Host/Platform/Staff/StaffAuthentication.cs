namespace Utilities.Host.Platform.Staff;

internal static class StaffAuthentication
{
    public const string Scheme = "staff";
    public const string StaffPolicy = "staff";
    public const string AdministratorPolicy = "administrator";
    public const string KindClaim = "kind";
    public const string StaffKind = "staff";
}
