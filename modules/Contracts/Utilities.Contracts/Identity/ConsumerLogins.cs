using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using Utilities.Contracts.Data;
using Utilities.Contracts.Resources;
using Utilities.Notifications;

namespace Utilities.Contracts.Identity;

/// <summary>The outcome of an identity step: success, or the resource key of the message to show (with its arguments).</summary>
internal sealed record IdentityResult(bool Succeeded, string? ErrorKey = null, params object[] ErrorArgs)
{
    public static readonly IdentityResult Ok = new(true);

    public static IdentityResult Fail(string key, params object[] args) => new(false, key, args);
}

/// <summary>
/// Consumers' logins: a login belongs to a person (a consumer record) and is found by their
/// e-mail, phone or the number of any of their contracts. Passwords are hashed with the
/// framework's hasher; five wrong passwords lock the login for 15 minutes; activation and
/// password reset take a one-time code (printed on the contract, or sent to the e-mail/phone).
/// </summary>
internal sealed class ConsumerLogins(
    ContractsDbContext db, OneTimeCodes codes, SessionChecks sessions, IServiceProvider services, TimeProvider time, IStringLocalizer<ContractsText> text) : IConsumerIdentity
{
    public const int MaxFailures = 5;
    public const int MinPasswordLength = 8;
    public static readonly TimeSpan Lockout = TimeSpan.FromMinutes(15);

    private static readonly PasswordHasher<ConsumerLogin> Hasher = new();

    public async Task<bool> IsCurrentAsync(long consumerId, Guid stamp, CancellationToken cancellationToken)
    {
        if (sessions.IsKnownCurrent(consumerId, stamp))
            return true;
        var current = await db.Logins.AnyAsync(l => l.ConsumerId == consumerId && l.SecurityStamp == stamp && l.ActivatedAt != null, cancellationToken);
        if (current)
            sessions.Remember(consumerId, stamp);
        return current;
    }

    /// <summary>The consumer an identifier names; the error says why none (not found, malformed, shared by several).</summary>
    public async Task<(Consumer? Consumer, IdentityResult Result)> ResolveAsync(string? identifier, CancellationToken cancellationToken)
    {
        var (kind, value) = LoginIdentifiers.Classify(identifier);
        if (value is null)
        {
            return (null, IdentityResult.Fail(kind switch
            {
                IdentifierKind.Email => "Identity_BadEmail",
                IdentifierKind.Phone => "Identity_BadPhone",
                _ => "Identity_Empty",
            }));
        }

        var found = kind switch
        {
            IdentifierKind.Email => await db.Consumers.Where(c => c.Email != null && c.Email.ToLower() == value).Take(2).ToListAsync(cancellationToken),
            IdentifierKind.Phone => await db.Consumers.Where(c => c.Phone == value).Take(2).ToListAsync(cancellationToken),
            _ => await db.Contracts.Where(c => c.Number.ToUpper() == value.ToUpperInvariant())
                .Join(db.Consumers, c => c.ConsumerId, p => p.Id, (_, p) => p).Take(2).ToListAsync(cancellationToken),
        };
        return found.Count switch
        {
            0 => (null, IdentityResult.Fail("Identity_Unknown")),
            1 => (found[0], IdentityResult.Ok),
            _ => (null, IdentityResult.Fail("Identity_Ambiguous")),
        };
    }

    /// <summary>Checks the password; the same message for an unknown login and a wrong password.</summary>
    public async Task<(Consumer? Consumer, ConsumerLogin? Login, IdentityResult Result)> SignInAsync(string? identifier, string? password, CancellationToken cancellationToken)
    {
        var (consumer, resolved) = await ResolveAsync(identifier, cancellationToken);
        if (consumer is null)
            return (null, null, resolved.ErrorKey is "Identity_BadEmail" or "Identity_BadPhone" ? resolved : IdentityResult.Fail("SignIn_Wrong"));
        var login = await db.Logins.FirstOrDefaultAsync(l => l.ConsumerId == consumer.Id, cancellationToken);
        if (login?.PasswordHash is null || login.ActivatedAt is null)
            return (null, null, IdentityResult.Fail("SignIn_NotActivated"));

        var now = time.GetUtcNow();
        if (login.LockedUntil > now)
            return (null, null, IdentityResult.Fail("SignIn_Locked", (int)Math.Ceiling((login.LockedUntil.Value - now).TotalMinutes)));

        var verdict = Hasher.VerifyHashedPassword(login, login.PasswordHash, password ?? string.Empty);
        if (verdict == PasswordVerificationResult.Failed)
        {
            var locked = await RecordFailureAsync(consumer.Id, cancellationToken);
            return (null, null, locked ? IdentityResult.Fail("SignIn_Locked", (int)Lockout.TotalMinutes) : IdentityResult.Fail("SignIn_Wrong"));
        }

        if (verdict == PasswordVerificationResult.SuccessRehashNeeded)
            login.PasswordHash = Hasher.HashPassword(login, password!);
        login.FailedAttempts = 0;
        login.LockedUntil = null;
        await db.SaveChangesAsync(cancellationToken);
        return (consumer, login, IdentityResult.Ok);
    }

    /// <summary>
    /// Counts a wrong password, code or PIN in one atomic update (parallel guesses all count); the
    /// fifth locks the login for <see cref="Lockout"/>. True when it is locked now.
    /// </summary>
    internal async Task<bool> RecordFailureAsync(long consumerId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var until = now + Lockout;
        await db.Logins.Where(l => l.ConsumerId == consumerId)
            .ExecuteUpdateAsync(s => s
                .SetProperty(l => l.LockedUntil, l => l.FailedAttempts + 1 >= MaxFailures ? until : l.LockedUntil)
                .SetProperty(l => l.FailedAttempts, l => l.FailedAttempts + 1 >= MaxFailures ? 0 : l.FailedAttempts + 1), cancellationToken);
        return await db.Logins.AnyAsync(l => l.ConsumerId == consumerId && l.LockedUntil > now, cancellationToken);
    }

    /// <summary>Sends a code for activation or a password reset to the consumer's e-mail, else phone.</summary>
    public async Task<(IdentityResult Result, string? SentTo)> SendCodeAsync(string? identifier, string purpose, CancellationToken cancellationToken)
    {
        var (consumer, resolved) = await ResolveAsync(identifier, cancellationToken);
        if (consumer is null)
            return (resolved, null);
        var sender = services.GetService<IMessageSender>();
        var (channel, to) = consumer.Email is { } email ? (MessageChannel.Email, email)
            : consumer.Phone is { } phone ? (MessageChannel.Sms, phone)
            : (MessageChannel.Email, (string?)null);
        if (to is null || sender is null)
            return (IdentityResult.Fail("Code_NoContact"), null);
        if (!await codes.MaySendAsync(consumer.Id, purpose, cancellationToken))
            return (IdentityResult.Fail("Code_TooSoon"), null);

        var code = await codes.IssueAsync(consumer.Id, purpose, channel == MessageChannel.Email ? "email" : "sms", to, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        var minutes = (int)OneTimeCodes.SentLifetime.TotalMinutes;
        var body = text[purpose == CodePurpose.PasswordReset ? "CodeMessage_Reset" : "CodeMessage_Activation", code, minutes];
        try
        {
            await sender.SendAsync(new OutgoingMessage(channel, to, text["CodeMessage_Subject"], body), cancellationToken);
        }
        catch (MessageNotSentException)
        {
            return (IdentityResult.Fail("Code_NotSent"), null);
        }

        return (IdentityResult.Ok, Mask(to));
    }

    /// <summary>Activation or password reset: a valid code of that purpose sets the password (and activates the login).</summary>
    public async Task<IdentityResult> SetPasswordAsync(string? identifier, string? code, string? password, string? repeat, string purpose, CancellationToken cancellationToken)
    {
        var (consumer, resolved) = await ResolveAsync(identifier, cancellationToken);
        if (consumer is null)
            return resolved;
        if (password is null || password.Length < MinPasswordLength)
            return IdentityResult.Fail("Password_TooShort", MinPasswordLength);
        if (password != repeat)
            return IdentityResult.Fail("Password_Mismatch");

        var login = await db.Logins.FirstOrDefaultAsync(l => l.ConsumerId == consumer.Id, cancellationToken);
        if (purpose == CodePurpose.PasswordReset && login?.ActivatedAt is null)
            return IdentityResult.Fail("SignIn_NotActivated");

        var (check, _) = await codes.CheckAsync(consumer.Id, purpose, code, cancellationToken);
        if (check != CodeCheck.Accepted)
        {
            return IdentityResult.Fail(check switch
            {
                CodeCheck.Wrong => "Code_Wrong",
                CodeCheck.TooManyAttempts => "Code_TooMany",
                _ => "Code_None",
            });
        }

        var now = time.GetUtcNow();
        if (login is null)
        {
            login = new ConsumerLogin { ConsumerId = consumer.Id };
            db.Logins.Add(login);
        }

        login.PasswordHash = Hasher.HashPassword(login, password);
        login.ActivatedAt ??= now;
        login.FailedAttempts = 0;
        login.LockedUntil = null;
        login.SecurityStamp = Guid.NewGuid(); // other sessions end
        login.UpdatedAt = now;
        await db.SaveChangesAsync(cancellationToken);
        sessions.Forget(consumer.Id);
        return IdentityResult.Ok;
    }

    internal static string Mask(string contact)
    {
        var at = contact.IndexOf('@', StringComparison.Ordinal);
        return at > 0 ? $"{contact[0]}***{contact[at..]}" : contact.Length > 6 ? $"{contact[..2]}***{contact[^4..]}" : "***";
    }
}
