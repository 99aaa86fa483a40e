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
}
