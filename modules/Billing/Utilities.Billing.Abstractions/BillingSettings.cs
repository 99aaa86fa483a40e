using Utilities.Platform.Settings;

namespace Utilities.Billing;

/// <summary>Settings of billing rules (domain.md); regional numbers are the organisation's to change.</summary>
public static class BillingSettings
{
    /// <summary>Bills are delivered by this day of the next month (from 01.03.2026: the 5th).</summary>
    public static readonly SettingKey<int> BillDeliveryDay = new("Billing.BillDeliveryDay");

    /// <summary>Bills are paid by this day of the next month (from 01.03.2026: the 15th).</summary>
    public static readonly SettingKey<int> PaymentDueDay = new("Billing.PaymentDueDay");

    /// <summary>Cap on the penalty rate, % a year (ПП 474 / ПП 329: 9.5 % until 31.12.2026).</summary>
    public static readonly SettingKey<decimal> PenaltyRateCapPercent = new("Billing.PenaltyRateCapPercent");

    /// <summary>Heat for hot water, Gcal per m³ (regional norm, e.g. 0.05156).</summary>
    public static readonly SettingKey<decimal> HotWaterHeatNorm = new("Billing.HotWaterHeatNormGcalPerM3");

    /// <summary>Months charged by average consumption when readings are missing, before the norm (Rules 354 п.59: 3).</summary>
    public static readonly SettingKey<int> AverageEstimationMonths = new("Billing.AverageEstimationMonths");

    /// <summary>Months charged by average consumption for a faulty meter, before the norm × coefficient (Rules 354 п.59 а: 3).</summary>
    public static readonly SettingKey<int> FaultyAverageMonths = new("Billing.FaultyAverageMonths");

    /// <summary>The raising coefficient of the norm once a faulty meter's average months are over (п.60: 1.5).</summary>
    public static readonly SettingKey<decimal> FaultyNormCoefficient = new("Billing.FaultyNormCoefficient");

    /// <summary>The raising coefficient of a norm-based charge without a meter where one could be installed (formula 4(1): 1.5).</summary>
    public static readonly SettingKey<decimal> NoMeterNormCoefficient = new("Billing.NoMeterNormCoefficient");

    /// <summary>Utilities (comma-separated codes) where a premises meter can be installed, so a charge without one takes <see cref="NoMeterNormCoefficient"/>.</summary>
    public static readonly SettingKey<string> NoMeterCoefficientUtilities = new("Billing.NoMeterCoefficientUtilities");

    /// <summary>The average is taken over at least this many months of history (6)…</summary>
    public static readonly SettingKey<int> AverageMinMonths = new("Billing.AverageMinMonths");

    /// <summary>…or at least this many for a meter newer than that (3).</summary>
    public static readonly SettingKey<int> AverageMinMonthsNewMeter = new("Billing.AverageMinMonthsNewMeter");

    /// <summary>The history the average looks back over, months (12).</summary>
    public static readonly SettingKey<int> AverageWindowMonths = new("Billing.AverageWindowMonths");

    /// <summary>Upper bound of the first electricity volume range, kWh a month (3,900).</summary>
    public static readonly SettingKey<decimal> ElectricityRange1Limit = new("Billing.ElectricityRange1Kwh");

    /// <summary>Upper bound of the second electricity volume range, kWh a month (6,000).</summary>
    public static readonly SettingKey<decimal> ElectricityRange2Limit = new("Billing.ElectricityRange2Kwh");

    /// <summary>Heating spread evenly over the year (true) or charged in the heating season only (false).</summary>
    public static readonly SettingKey<bool> HeatingEvenly = new("Billing.HeatingEvenly");

    /// <summary>First month of the heating season (10).</summary>
    public static readonly SettingKey<int> HeatingSeasonStart = new("Billing.HeatingSeasonStartMonth");

    /// <summary>Last month of the heating season (4).</summary>
    public static readonly SettingKey<int> HeatingSeasonEnd = new("Billing.HeatingSeasonEndMonth");

    /// <summary>On this day of the month the run of the previous month starts by itself (1; 0 turns the schedule off).</summary>
    public static readonly SettingKey<int> RunDay = new("Billing.RunDay");

    /// <summary>A scheduled run closes its period when it completes (bills go out with no operator action).</summary>
    public static readonly SettingKey<bool> CloseAfterScheduledRun = new("Billing.CloseAfterScheduledRun");

    /// <summary>The Bank of Russia key rate, % a year, effective-dated (the table of rates: one value from each date of change).</summary>
    public static readonly SettingKey<decimal> KeyRatePercent = new("Billing.KeyRatePercent");

    /// <summary>A payment not naming a month pays the oldest debt first (<c>oldest-first</c>) or the newest (<c>newest-first</c>).</summary>
    public static readonly SettingKey<string> PaymentAllocationOrder = new("Billing.PaymentAllocationOrder");

    /// <summary>Minutes the cabinet's return page waits for the provider's answer before it stops asking (a later callback is still posted).</summary>
    public static readonly SettingKey<int> OnlineOrderWaitMinutes = new("Billing.OnlineOrderWaitMinutes");

    /// <summary>Overdue debts of an account (₽, comma-separated) at which a debt warning goes out, once per threshold ("3000,10000").</summary>
    public static readonly SettingKey<string> DebtWarningThresholds = new("Billing.DebtWarningThresholds");

    /// <summary>A debt on a service over this many monthly norm-based charges allows a restriction after a written warning (Rules 354 п.117: 2).</summary>
    public static readonly SettingKey<decimal> RestrictionNormCharges = new("Billing.RestrictionNormCharges");

    /// <summary>The days the written warning before a restriction gives (20).</summary>
    public static readonly SettingKey<int> RestrictionWarningDays = new("Billing.RestrictionWarningDays");

    /// <summary>Utilities never restricted in apartment buildings (comma-separated codes: heating, cold water).</summary>
    public static readonly SettingKey<string> RestrictionExemptUtilities = new("Billing.RestrictionExemptUtilities");

    /// <summary>A month's charge more than this % above the same month last year is offered in instalments (Rules 354 п.72: 25).</summary>
    public static readonly SettingKey<decimal> InstalmentIncreasePercent = new("Billing.InstalmentIncreasePercent");

    /// <summary>The longest instalment, months (12).</summary>
    public static readonly SettingKey<int> InstalmentMaxMonths = new("Billing.InstalmentMaxMonths");

    /// <summary>Interest on an instalment, % a year (0); never above the key rate + 3 (п.75).</summary>
    public static readonly SettingKey<decimal> InstalmentInterestPercent = new("Billing.InstalmentInterestPercent");
}
