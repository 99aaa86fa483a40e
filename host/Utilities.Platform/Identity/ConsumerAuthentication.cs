using System.Globalization;
using System.Security.Claims;

namespace Utilities.Platform.Identity;

/// <summary>
/// The consumers' sign-in, apart from the staff's: its own cookie scheme and policy. The host
/// registers the scheme; Contracts owns the identities and signs people in through it.
/// </summary>
public static class ConsumerAuthentication
{
    public const string Scheme = "consumer";
    public const string Policy = "consumer";
    public const string KindClaim = "kind";
    public const string ConsumerKind = "consumer";
    public const string ConsumerIdClaim = "consumer_id";

    /// <summary>Changes with the password: a cookie issued before is refused.</summary>
    public const string StampClaim = "stamp";

    public static ClaimsPrincipal Principal(long consumerId, string displayName, Guid stamp) =>
        new(new ClaimsIdentity(
            [
                new Claim(ClaimTypes.NameIdentifier, $"consumer:{consumerId.ToString(CultureInfo.InvariantCulture)}"),
                new Claim(ConsumerIdClaim, consumerId.ToString(CultureInfo.InvariantCulture)),
                new Claim(ClaimTypes.Name, displayName),
                new Claim(KindClaim, ConsumerKind),
                new Claim(StampClaim, stamp.ToString("N")),
            ],
            Scheme));

    /// <summary>A consumer's session at a kiosk terminal: a session cookie that ends when idle.</summary>
    public const string KioskScheme = "kiosk";
    public const string KioskPolicy = "kiosk";
    public const string LastActivityClaim = "kiosk_last";

    public static ClaimsPrincipal KioskPrincipal(long consumerId, string displayName, DateTimeOffset now)
    {
        var identity = new ClaimsIdentity(Principal(consumerId, displayName, Guid.Empty).Claims.Where(c => c.Type != StampClaim), KioskScheme);
        identity.AddClaim(new Claim(LastActivityClaim, now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)));
        return new ClaimsPrincipal(identity);
    }

    /// <summary>The signed-in consumer's id, or null for anyone else.</summary>
    public static long? ConsumerId(this ClaimsPrincipal principal) =>
        principal?.FindFirstValue(KindClaim) == ConsumerKind
        && long.TryParse(principal.FindFirstValue(ConsumerIdClaim), NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? id
            : null;
}

/// <summary>The cookie a registered kiosk terminal's browser holds (set by the pairing link).</summary>
public static class KioskDevice
{
    public const string Cookie = "utilities.kiosk-device";
}
