using Utilities.Platform.Settings;

namespace Utilities.Metering;

/// <summary>Settings of metering rules (domain.md, "Meter readings"); every number is the organisation's to change.</summary>
public static class MeteringSettings
{
    /// <summary>Readings submitted up to this day of the month count for that month; later ones for the next.</summary>
    public static readonly SettingKey<int> ReadingDeadlineDay = new("Metering.ReadingDeadlineDay");

    /// <summary>A consumer may submit a reading at most this many days after taking it (the centre's rule: 10).</summary>
    public static readonly SettingKey<int> ConsumerReadingMaxAgeDays = new("Metering.ConsumerReadingMaxAgeDays");

    /// <summary>Days within which a consumer's reading must be verified and confirmed.</summary>
    public static readonly SettingKey<int> ConfirmationDays = new("Metering.ConfirmationDays");

    /// <summary>Meters whose verification ends within this many days appear in the preventive-work plan.</summary>
    public static readonly SettingKey<int> VerificationWarningDays = new("Metering.VerificationWarningDays");

    /// <summary>An automated meter's daily consumption outside the forecast's 80 % interval this many days in a row raises an alert (2–7: the daily model's horizon).</summary>
    public static readonly SettingKey<int> AnomalyOutsideDays = new("Metering.AnomalyOutsideDays");

    /// <summary>Utility codes (comma-separated) whose automated meters are checked for a likely leak: hourly flow never zero for 3 days.</summary>
    public static readonly SettingKey<string> LeakCheckUtilities = new("Metering.LeakCheckUtilities");
}
