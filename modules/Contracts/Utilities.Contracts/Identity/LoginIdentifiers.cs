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

    /// <summary>Lower-case e-mail, or null when it is not one (the back office's rules).</summary>
    public static string? NormalizeEmail(string? typed) => EmailAddresses.Normalize(typed);

    /// <summary>E.164 (<c>+79161234567</c>), or null when it is not a phone number (the back office's rules).</summary>
    public static string? NormalizePhone(string? typed) => Phones.Normalize(typed);
}
