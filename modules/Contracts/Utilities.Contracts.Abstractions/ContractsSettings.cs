using Utilities.Platform.Settings;

namespace Utilities.Contracts;

public static class ContractsSettings
{
    /// <summary>The prefix of payer codes (ЕЛС) given to new premises; the demo region's is <c>69НЗ</c>.</summary>
    public static readonly SettingKey<string> PayerCodePrefix = new("Contracts.PayerCodePrefix");

    public const string DefaultPayerCodePrefix = "69НЗ";

    /// <summary>A kiosk session ends after this many seconds without a touch (default 90).</summary>
    public static readonly SettingKey<int> KioskInactivitySeconds = new("Kiosk.InactivitySeconds");

    /// <summary>Years a consumer's personal data is kept after their last contract ended; then it is anonymised (default 5).</summary>
    public static readonly SettingKey<int> RetentionYears = new("Contracts.RetentionYears");
}

/// <summary>The kiosk terminals registered by an administrator; the host asks on every kiosk request.</summary>
public interface IKioskTerminals
{
    /// <summary>The terminal the device cookie's token belongs to, or null (unknown or revoked).</summary>
    Task<long?> ValidateAsync(string? token, CancellationToken cancellationToken);
}
