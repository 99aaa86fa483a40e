namespace Utilities.Platform.Modules;

/// <summary>Roles of the centre's staff in the back office.</summary>
public static class StaffRoles
{
    public const string Administrator = "administrator";
    public const string Operator = "operator";
    public const string Inspector = "inspector";
    public const string Accountant = "accountant";
}
