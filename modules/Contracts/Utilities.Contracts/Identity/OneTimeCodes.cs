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

    public static readonly TimeSpan MinSendInterval = TimeSpan.FromMinutes(1);

    public const int MaxSentPerDay = 10;

    /// <summary>Creates a code and adds it to the context (saved with the caller's changes); returns it in clear, once.</summary>
    public async Task<string> IssueAsync(long consumerId, string purpose, string channel, string? target, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var printed = channel == "printed";
        // A new code replaces the open ones of its kind; a code sent on request never voids the one printed on the contract.
        await db.Codes
            .Where(c => c.ConsumerId == consumerId && c.Purpose == purpose && c.UsedAt == null && (c.Channel == "printed") == printed)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.UsedAt, now), cancellationToken);

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

    /// <summary>
    /// Checks a typed code against the open codes of the purpose (a printed and a sent one may both
    /// be open). Spending and counting wrong tries are single atomic updates, so parallel requests
    /// can neither use a code twice nor try more than <see cref="MaxAttempts"/> times.
    /// </summary>
    public async Task<(CodeCheck Result, OneTimeCode? Code)> CheckAsync(long consumerId, string purpose, string? typed, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var open = await db.Codes.AsNoTracking()
            .Where(c => c.ConsumerId == consumerId && c.Purpose == purpose && c.UsedAt == null && c.ExpiresAt > now)
            .OrderByDescending(c => c.Id)
            .Take(3)
            .ToListAsync(cancellationToken);
        if (open.Count == 0)
            return (CodeCheck.NoCode, null);

        var normalized = Normalize(typed);
        var match = open.FirstOrDefault(c => Verify(normalized, c.CodeHash));
        if (match is not null)
        {
            var spent = await db.Codes.Where(c => c.Id == match.Id && c.UsedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.UsedAt, now), cancellationToken);
            return spent == 1 ? (CodeCheck.Accepted, match) : (CodeCheck.NoCode, null);
        }

        var ids = open.Select(c => c.Id).ToList();
        await db.Codes.Where(c => ids.Contains(c.Id) && c.UsedAt == null)
            .ExecuteUpdateAsync(s => s
                .SetProperty(c => c.Attempts, c => c.Attempts + 1)
                .SetProperty(c => c.UsedAt, c => c.Attempts + 1 >= MaxAttempts ? now : c.UsedAt), cancellationToken);
        var stillOpen = await db.Codes.AnyAsync(c => ids.Contains(c.Id) && c.UsedAt == null, cancellationToken);
        return (stillOpen ? CodeCheck.Wrong : CodeCheck.TooManyAttempts, null);
    }

    /// <summary>Whether another code may be sent now: one a minute and ten a day per person and purpose (no message bombing).</summary>
    public async Task<bool> MaySendAsync(long consumerId, string purpose, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var recent = await db.Codes
            .Where(c => c.ConsumerId == consumerId && c.Purpose == purpose && c.Channel != "printed" && c.CreatedAt > now.AddDays(-1))
            .Select(c => c.CreatedAt)
            .ToListAsync(cancellationToken);
        return recent.Count < MaxSentPerDay && recent.All(at => now - at >= MinSendInterval);
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
