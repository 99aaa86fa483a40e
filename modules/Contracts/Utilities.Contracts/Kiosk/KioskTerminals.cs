using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Utilities.Contracts.Data;

namespace Utilities.Contracts.Kiosk;

/// <summary>
/// Terminals in the centre's office. Registering one gives a pairing link with a secret token
/// (shown once); opening it on the terminal stores the token in a device cookie. Only the token's
/// SHA-256 is kept; revocation works on the next request.
/// </summary>
internal sealed class KioskTerminals(ContractsDbContext db, TimeProvider time) : IKioskTerminals
{
    public async Task<(KioskTerminal Terminal, string Token)> RegisterAsync(string name, string registeredBy, CancellationToken cancellationToken)
    {
        var token = NewToken();
        var terminal = new KioskTerminal { Name = name, TokenHash = Hash(token), RegisteredAt = time.GetUtcNow(), RegisteredBy = registeredBy };
        db.KioskTerminals.Add(terminal);
        await db.SaveChangesAsync(cancellationToken);
        return (terminal, token);
    }

    /// <summary>
    /// Pairs a browser: the link's token is exchanged for a new device token, so the link works
    /// once (a copy in a chat or in history is worthless afterwards). Null when the token is unknown.
    /// </summary>
    public async Task<string?> PairAsync(string? linkToken, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(linkToken) || linkToken.Length > 100)
            return null;
        var device = NewToken();
        var paired = await db.KioskTerminals
            .Where(t => t.TokenHash == Hash(linkToken) && t.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.TokenHash, Hash(device)).SetProperty(t => t.LastSeenAt, time.GetUtcNow()), cancellationToken);
        return paired == 1 ? device : null;
    }

    private static string NewToken() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public async Task<bool> RevokeAsync(long id, CancellationToken cancellationToken) =>
        await db.KioskTerminals.Where(t => t.Id == id && t.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, time.GetUtcNow()), cancellationToken) > 0;

    public async Task<IReadOnlyList<KioskTerminal>> ListAsync(CancellationToken cancellationToken) =>
        await db.KioskTerminals.AsNoTracking().OrderBy(t => t.RevokedAt != null).ThenBy(t => t.Name).ToListAsync(cancellationToken);

    public async Task<long?> ValidateAsync(string? token, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 100)
            return null;
        var hash = Hash(token);
        var now = time.GetUtcNow();
        var terminal = await db.KioskTerminals.AsNoTracking()
            .Where(t => t.TokenHash == hash && t.RevokedAt == null)
            .Select(t => new { t.Id, t.LastSeenAt })
            .FirstOrDefaultAsync(cancellationToken);
        if (terminal is null)
            return null;
        if (terminal.LastSeenAt is null || now - terminal.LastSeenAt > TimeSpan.FromMinutes(1))
            await db.KioskTerminals.Where(t => t.Id == terminal.Id).ExecuteUpdateAsync(s => s.SetProperty(t => t.LastSeenAt, now), cancellationToken);
        return terminal.Id;
    }

    private static string Hash(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
