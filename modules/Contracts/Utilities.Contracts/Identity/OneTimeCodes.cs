using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Utilities.Contracts.Data;

namespace Utilities.Contracts.Identity;

/// <summary>What a one-time code is for; a code of one purpose never serves another.</summary>
internal static class CodePurpose
{
    /// <summary>First sign-in to the cabinet: printed on the contract (or a bill), or sent to the contract's e-mail/phone.</summary>
    public const string Activation = "activation";

    public const string PasswordReset = "password-reset";

    /// <summary>Confirms a new e-mail or phone before it replaces the old one (the target is the new contact).</summary>
    public const string ContactChange = "contact-change";

    public const string KioskSignIn = "kiosk-sign-in";
}

internal enum CodeCheck
{
    Accepted,
    Wrong,

    /// <summary>No open code of that purpose (never issued, expired, or already used).</summary>
    NoCode,

    /// <summary>Too many wrong tries: the code is spent and a new one must be asked for.</summary>
    TooManyAttempts,
}

/// <summary>
/// Issues and checks one-time codes. Only a salted hash is stored; a new code of a purpose
/// replaces the open ones; five wrong tries spend a code. Sent codes are six digits (typed from a
/// phone), printed codes eight letters and digits without look-alikes.
/// </summary>
internal sealed class OneTimeCodes(ContractsDbContext db, TimeProvider time)
{
    public const int MaxAttempts = 5;

    private const string Letters = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    public static readonly TimeSpan SentLifetime = TimeSpan.FromMinutes(15);

    public static readonly TimeSpan PrintedLifetime = TimeSpan.FromDays(90);

    /// <summary>Creates a code and adds it to the context (saved with the caller's changes); returns it in clear, once.</summary>
    public async Task<string> IssueAsync(long consumerId, string purpose, string channel, string? target, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await db.Codes
            .Where(c => c.ConsumerId == consumerId && c.Purpose == purpose && c.UsedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.UsedAt, now), cancellationToken);

        var printed = channel == "printed";
        var code = printed
            ? new string(RandomNumberGenerator.GetItems<char>(Letters, 8))
            : RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
        db.Codes.Add(new OneTimeCode
        {
            Purpose = purpose,
            ConsumerId = consumerId,
            Channel = channel,
            Target = target,
            CodeHash = Hash(code),
            CreatedAt = now,
            ExpiresAt = now + (printed ? PrintedLifetime : SentLifetime),
        });
        return code;
    }

    /// <summary>Checks a typed code; on success it is spent (saved by the caller's SaveChanges, together with what it unlocks).</summary>
    public async Task<(CodeCheck Result, OneTimeCode? Code)> CheckAsync(long consumerId, string purpose, string? typed, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var open = await db.Codes
            .Where(c => c.ConsumerId == consumerId && c.Purpose == purpose && c.UsedAt == null && c.ExpiresAt > now)
            .OrderByDescending(c => c.Id)
            .FirstOrDefaultAsync(cancellationToken);
        if (open is null)
            return (CodeCheck.NoCode, null);

        if (Verify(Normalize(typed), open.CodeHash))
        {
            open.UsedAt = now;
            return (CodeCheck.Accepted, open);
        }

        open.Attempts++;
        if (open.Attempts >= MaxAttempts)
            open.UsedAt = now;
        await db.SaveChangesAsync(cancellationToken);
        return (open.Attempts >= MaxAttempts ? CodeCheck.TooManyAttempts : CodeCheck.Wrong, null);
    }

    public static string Normalize(string? typed) =>
        new((typed ?? string.Empty).Where(char.IsLetterOrDigit).Select(char.ToUpperInvariant).ToArray());

    private static string Hash(string code)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        return $"{Convert.ToHexString(salt)}:{Convert.ToHexString(Digest(salt, code))}";
    }

    private static bool Verify(string code, string stored)
    {
        var parts = stored.Split(':');
        return parts.Length == 2
            && CryptographicOperations.FixedTimeEquals(Digest(Convert.FromHexString(parts[0]), code), Convert.FromHexString(parts[1]));
    }

    private static byte[] Digest(byte[] salt, string code) => SHA256.HashData([.. salt, .. Encoding.UTF8.GetBytes(code)]);
}
