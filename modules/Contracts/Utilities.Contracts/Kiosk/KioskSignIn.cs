using PasswordHasher = Microsoft.AspNetCore.Identity.PasswordHasher<Utilities.Contracts.Data.ConsumerLogin>;
using PasswordVerificationResult = Microsoft.AspNetCore.Identity.PasswordVerificationResult;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using Utilities.Contracts.Data;
using Utilities.Contracts.Identity;
using Utilities.Contracts.Resources;
using Utilities.Notifications;

namespace Utilities.Contracts.Kiosk;

/// <summary>
/// Signing in at a kiosk: the contract number, an account number or the phone, then a one-time
/// code sent to the phone by SMS or the kiosk PIN the consumer set in the cabinet. Wrong codes
/// and PINs count towards the same lockout as passwords.
/// </summary>
internal sealed class KioskSignIn(ContractsDbContext db, OneTimeCodes codes, ConsumerLogins logins, IServiceProvider services, TimeProvider time, IStringLocalizer<ContractsText> text)
{
    public const int MinPinLength = 4;
    public const int MaxPinLength = 6;

    private static readonly PasswordHasher Hasher = new();

    /// <summary>The consumer a kiosk identifier names: contract number, account number or phone.</summary>
    public async Task<(Consumer? Consumer, IdentityResult Result)> ResolveAsync(string? identifier, CancellationToken cancellationToken)
    {
        var typed = (identifier ?? string.Empty).Trim();
        if (typed.Length > 0 && typed.All(char.IsDigit) && typed.Length is >= 6 and <= 9)
        {
            // An account number (phone numbers have ten or eleven digits).
            var holder = await (from a in db.Accounts
                                join c in db.Contracts on a.ContractId equals c.Id
                                join p in db.Consumers on c.ConsumerId equals p.Id
                                where a.Number == typed
                                select p).FirstOrDefaultAsync(cancellationToken);
            return holder is null ? (null, IdentityResult.Fail("Identity_Unknown")) : (holder, IdentityResult.Ok);
        }

        if (typed.Contains('@', StringComparison.Ordinal))
            return (null, IdentityResult.Fail("Kiosk_NoEmail"));
        return await logins.ResolveAsync(typed, cancellationToken);
    }

    public async Task<(IdentityResult Result, long? ConsumerId, string? SentTo)> SendCodeAsync(string? identifier, CancellationToken cancellationToken)
    {
        var (consumer, resolved) = await ResolveAsync(identifier, cancellationToken);
        if (consumer is null)
            return (resolved, null, null);
        if (consumer.Phone is null || services.GetService<IMessageSender>() is not { } sender)
            return (IdentityResult.Fail("Kiosk_NoPhone"), consumer.Id, null);
        if (!await codes.MaySendAsync(consumer.Id, CodePurpose.KioskSignIn, cancellationToken))
            return (IdentityResult.Fail("Code_TooSoon"), consumer.Id, null);

        var code = await codes.IssueAsync(consumer.Id, CodePurpose.KioskSignIn, "sms", consumer.Phone, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        try
        {
            await sender.SendAsync(new OutgoingMessage(MessageChannel.Sms, consumer.Phone, text["CodeMessage_Subject"],
                text["CodeMessage_Kiosk", code, (int)OneTimeCodes.SentLifetime.TotalMinutes]), cancellationToken);
        }
        catch (MessageNotSentException)
        {
            return (IdentityResult.Fail("Code_NotSent"), consumer.Id, null);
        }

        return (IdentityResult.Ok, consumer.Id, ConsumerLogins.Mask(consumer.Phone));
    }

    /// <summary>Checks a sent code or the kiosk PIN for the consumer the identifier names.</summary>
    public async Task<(Consumer? Consumer, IdentityResult Result)> VerifyAsync(string? identifier, string? codeOrPin, CancellationToken cancellationToken)
    {
        var (consumer, resolved) = await ResolveAsync(identifier, cancellationToken);
        if (consumer is null)
            return (null, resolved);
        var login = await db.Logins.FirstOrDefaultAsync(l => l.ConsumerId == consumer.Id, cancellationToken);
        var now = time.GetUtcNow();
        if (login?.LockedUntil > now)
            return (null, IdentityResult.Fail("SignIn_Locked", (int)Math.Ceiling((login.LockedUntil.Value - now).TotalMinutes)));

        var typed = OneTimeCodes.Normalize(codeOrPin);
        if (login?.KioskPinHash is { } pinHash && typed.Length is >= MinPinLength and <= MaxPinLength
            && Hasher.VerifyHashedPassword(login, pinHash, typed) != PasswordVerificationResult.Failed)
        {
            login.FailedAttempts = 0;
            await db.SaveChangesAsync(cancellationToken);
            return (consumer, IdentityResult.Ok);
        }

        var (check, _) = await codes.CheckAsync(consumer.Id, CodePurpose.KioskSignIn, typed, cancellationToken);
        if (check == CodeCheck.Accepted)
            return (consumer, IdentityResult.Ok);

        if (login is not null)
            await logins.RecordFailureAsync(consumer.Id, cancellationToken);

        return (null, IdentityResult.Fail(check == CodeCheck.TooManyAttempts ? "Code_TooMany" : "Kiosk_WrongCode"));
    }

    /// <summary>Sets the kiosk PIN from the cabinet (4–6 digits; not all the same digit).</summary>
    public async Task<IdentityResult> SetPinAsync(long consumerId, string? pin, CancellationToken cancellationToken)
    {
        var typed = (pin ?? string.Empty).Trim();
        if (typed.Length is < MinPinLength or > MaxPinLength || !typed.All(char.IsAsciiDigit) || typed.Distinct().Count() == 1
            || "0123456789".Contains(typed, StringComparison.Ordinal) || "9876543210".Contains(typed, StringComparison.Ordinal))
            return IdentityResult.Fail("Pin_Bad", MinPinLength, MaxPinLength);
        var login = await db.Logins.FirstAsync(l => l.ConsumerId == consumerId, cancellationToken);
        login.KioskPinHash = Hasher.HashPassword(login, typed);
        login.UpdatedAt = time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        return IdentityResult.Ok;
    }
}
