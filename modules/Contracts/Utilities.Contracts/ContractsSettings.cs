using Utilities.Platform.Settings;

namespace Utilities.Contracts;

/// <summary>Settings of the contracts module; regional values are the organisation's to change.</summary>
internal static class ContractsSettings
{
    /// <summary>The prefix of payer codes (ЕЛС) given to new premises; the demo region's is <c>69НЗ</c>.</summary>
    public static readonly SettingKey<string> PayerCodePrefix = new("Contracts.PayerCodePrefix");

    public const string DefaultPayerCodePrefix = "69НЗ";
}
