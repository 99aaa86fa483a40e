using System.Net.Mail;

namespace Utilities.Contracts.Identity;

internal enum IdentifierKind
{
    Email,
    Phone,
    ContractNumber,
}

/// <summary>
/// What people type to sign in: an e-mail, a phone number in any common Russian notation
/// (+7 916 123-45-67, 8 (916) 1234567, 9161234567), or a contract number.
/// </summary>
internal static class LoginIdentifiers
{
    public static (IdentifierKind Kind, string? Value) Classify(string? typed)
    {
        var text = (typed ?? string.Empty).Trim();
        if (text.Contains('@', StringComparison.Ordinal))
            return (IdentifierKind.Email, NormalizeEmail(text));
        if (text.Length > 0 && text.All(c => char.IsDigit(c) || c is '+' or '(' or ')' or '-' or ' ' or '\u00A0'))
            return (IdentifierKind.Phone, NormalizePhone(text));
        return (IdentifierKind.ContractNumber, text.Length is > 0 and <= 40 ? text : null);
    }

    /// <summary>Lower-case e-mail, or null when it is not one.</summary>
    public static string? NormalizeEmail(string? typed)
    {
        var text = (typed ?? string.Empty).Trim();
        if (text.Length is 0 or > 320 || !MailAddress.TryCreate(text, out var address) || address.Address != text || !address.Host.Contains('.', StringComparison.Ordinal))
            return null;
        return text.ToLowerInvariant();
    }

    /// <summary>A Russian number as E.164 (<c>+79161234567</c>), or null when it is not one.</summary>
    public static string? NormalizePhone(string? typed)
    {
        var text = (typed ?? string.Empty).Trim();
        var digits = new string(text.Where(char.IsDigit).ToArray());
        if (text.StartsWith('+') && !digits.StartsWith('7'))
            return null; // another country
        if (digits.Length == 11 && digits[0] is '7' or '8')
            digits = digits[1..];
        if (digits.Length != 10 || digits[0] is not ('3' or '4' or '8' or '9'))
            return null;
        return "+7" + digits;
    }
}
