using System.Security.Claims;
using Utilities.Platform.Modules;

namespace Utilities.Metering.Office;

/// <summary>
/// Who does what on the metering screens: operators, inspectors and administrators work with meters
/// and readings; accountants may look at the registry, meter cards, the plan and the weather ranges
/// but change nothing (readings and meters are not theirs to touch).
/// </summary>
internal static class OfficeAccess
{
    /// <summary>For <c>[Authorize(Roles = ...)]</c> on pages that only the working roles open.</summary>
    public const string Workers = StaffRoles.Operator + "," + StaffRoles.Inspector + "," + StaffRoles.Administrator;

    /// <summary>For pages every role of metering may read.</summary>
    public const string Readers = Workers + "," + StaffRoles.Accountant;

    public static readonly string[] WorkerRoles = [StaffRoles.Operator, StaffRoles.Inspector, StaffRoles.Administrator];

    public static readonly string[] ReaderRoles = [.. WorkerRoles, StaffRoles.Accountant];

    public static bool MayChange(ClaimsPrincipal user) => WorkerRoles.Any(user.IsInRole);
}
