using PhoneNumbers;

namespace Utilities.Contracts.Identity;

/// <summary>
/// Phone numbers as people type them ("8 (916) 123-45-67", "+7 916 1234567", "9161234567") in the
/// one form we store and compare: E.164 (<c>+79161234567</c>). Numbers without a country code are
/// read as Russian. Used by the back office and by sign-in by phone.
/// </summary>
internal static class Phones
{
    private const string DefaultRegion = "RU";

    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    /// <summary>The E.164 form, or null when the text is not a valid phone number.</summary>
    public static string? Normalize(string? typed)
    {
        var text = typed?.Trim();
        if (string.IsNullOrEmpty(text) || text.Length > 40 || text.Any(char.IsLetter))
            return null;
        try
        {
            var number = Util.Parse(text, DefaultRegion);
            return Util.IsValidNumber(number) ? Util.Format(number, PhoneNumberFormat.E164) : null;
        }
        catch (NumberParseException)
        {
            return null;
        }
    }

    /// <summary>For people: <c>+7 916 123-45-67</c>.</summary>
    public static string Display(string e164)
    {
        try
        {
            return Util.Format(Util.Parse(e164, DefaultRegion), PhoneNumberFormat.INTERNATIONAL);
        }
        catch (NumberParseException)
        {
            return e164;
        }
    }
}
