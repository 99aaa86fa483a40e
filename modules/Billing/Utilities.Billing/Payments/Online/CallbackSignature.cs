using System.Security.Cryptography;
using System.Text;

namespace Utilities.Billing.Payments.Online;

/// <summary>HMAC-SHA256 of a callback's raw body with the secret shared with the provider, as lower-case hex.</summary>
internal static class CallbackSignature
{
    public static string Sign(ReadOnlySpan<byte> body, byte[] secret) => Convert.ToHexStringLower(HMACSHA256.HashData(secret, body));

    /// <summary>Compared in constant time: the time taken tells a forger nothing.</summary>
    public static bool IsValid(ReadOnlySpan<byte> body, string? signature, byte[] secret)
    {
        if (string.IsNullOrEmpty(signature) || signature.Length != 64)
            return false;
        var expected = Encoding.ASCII.GetBytes(Sign(body, secret));
        var given = Encoding.ASCII.GetBytes(signature.ToLowerInvariant());
        return CryptographicOperations.FixedTimeEquals(expected, given);
    }
}
