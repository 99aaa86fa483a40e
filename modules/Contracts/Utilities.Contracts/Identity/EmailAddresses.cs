using System.Net.Mail;

namespace Utilities.Contracts.Identity;

/// <summary>E-mail addresses as stored and compared: trimmed and lower-case, a plain address only.</summary>
internal static class EmailAddresses
{
    public const int MaxLength = 320;

    /// <summary>The stored form, or null when the text is not a plain e-mail address.</summary>
    public static string? Normalize(string? typed)
    {
        var text = typed?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(text) || text.Length > MaxLength || text.Any(char.IsWhiteSpace))
            return null;
        if (!MailAddress.TryCreate(text, out var address) || address.Address != text || !string.IsNullOrEmpty(address.DisplayName))
            return null;
        var domain = address.Host;
        return domain.Contains('.', StringComparison.Ordinal) && !domain.StartsWith('.') && !domain.EndsWith('.') ? text : null;
    }
}
