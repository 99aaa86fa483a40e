using System.Globalization;

namespace Utilities.Contracts.Generation;

/// <summary>
/// Well-formed fictional requisites of an organisation: an INN with its check digit, a 9-digit
/// BIC, 20-digit accounts whose control key (the ninth digit) agrees with the BIC as the Bank of
/// Russia computes it.
/// </summary>
internal static class BankDetails
{
    private static readonly int[] InnWeights = [2, 4, 10, 3, 5, 9, 4, 6, 8];
    private static readonly int[] KeyWeights = [7, 1, 3];

    /// <summary>A legal entity's INN: nine digits and the check digit.</summary>
    public static string Inn(string nineDigits)
    {
        var sum = 0;
        for (var i = 0; i < 9; i++)
            sum += (nineDigits[i] - '0') * InnWeights[i];
        return nineDigits + ((sum % 11) % 10).ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>A settlement account at the bank of <paramref name="bic"/>: its ninth digit set to the control key.</summary>
    public static string SettlementAccount(string bic, string twentyDigits) => WithKey(bic[^3..], twentyDigits);

    /// <summary>The bank's correspondent account with the Bank of Russia (30101810…, ends with the BIC's last three digits).</summary>
    public static string CorrespondentAccount(string bic) =>
        WithKey(string.Concat("0", bic.AsSpan(4, 2)), "30101810" + "0" + "00000000" + bic[^3..]);

    /// <summary>True when the account's control key agrees with the BIC (for a correspondent account pass <paramref name="correspondent"/>).</summary>
    public static bool KeyIsValid(string bic, string account, bool correspondent = false)
    {
        var prefix = correspondent ? string.Concat("0", bic.AsSpan(4, 2)) : bic[^3..];
        return account.Length == 20 && account.All(char.IsAsciiDigit) && Sum(prefix + account) % 10 == 0;
    }

    private static string WithKey(string prefix, string account)
    {
        var zeroed = string.Concat(account.AsSpan(0, 8), "0", account.AsSpan(9));
        var key = Sum(prefix + zeroed) % 10 * 3 % 10;
        return string.Concat(zeroed.AsSpan(0, 8), key.ToString(CultureInfo.InvariantCulture), zeroed.AsSpan(9));
    }

    private static int Sum(string digits)
    {
        var sum = 0;
        for (var i = 0; i < digits.Length; i++)
            sum += (digits[i] - '0') * KeyWeights[i % 3] % 10;
        return sum;
    }
}
