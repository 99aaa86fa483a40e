using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Utilities.Host.Platform.ApiClients;

/// <summary>
/// API keys look like <c>uk_&lt;prefix&gt;_&lt;secret&gt;</c>: a 12-character hexadecimal prefix that
/// finds the client and a secret of 32 random bytes (base64url). Only the SHA-256 hash of the
/// whole key is stored: with 256 bits of entropy a fast hash is as safe as a slow one, and every
/// API call can afford it (ADR 6).
/// </summary>
internal static class ApiKey
{
    private const string Marker = "uk";
    private const int PrefixBytes = 6;
    private const int SecretBytes = 32;

    public static (string Key, string Prefix) Generate()
    {
        var prefix = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(PrefixBytes));
        var secret = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(SecretBytes));
        return ($"{Marker}_{prefix}_{secret}", prefix);
    }

    /// <summary>The prefix of a well-formed key; null for anything else.</summary>
    public static string? PrefixOf(string key)
    {
        var parts = key.Split('_', 3);
        return parts.Length == 3 && parts[0] == Marker && parts[1].Length == PrefixBytes * 2 && parts[1].All(char.IsAsciiHexDigitLower) && parts[2].Length > 0
            ? parts[1]
            : null;
    }

    public static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    public static bool Matches(string key, byte[] hash) => CryptographicOperations.FixedTimeEquals(Hash(key), hash);
}
