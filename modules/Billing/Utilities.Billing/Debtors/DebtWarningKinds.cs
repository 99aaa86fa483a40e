namespace Utilities.Billing.Debtors;

internal static class DebtWarningKinds
{
    public const string Threshold = "threshold";

    /// <summary>The written warning before a restriction (Rules 354 п.119).</summary>
    public const string Restriction = "restriction";
}
