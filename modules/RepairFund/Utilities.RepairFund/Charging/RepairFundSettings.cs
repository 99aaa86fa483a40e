using Utilities.Platform.Settings;

namespace Utilities.RepairFund.Charging;

internal static class RepairFundSettings
{
    /// <summary>Months before the charged one that are charged again and corrected by a recalculation (3; 0: none).</summary>
    public static readonly SettingKey<int> RecalculationMonths = new("RepairFund.RecalculationMonths");
}
