using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using Utilities.Contracts.Data;
using Utilities.Contracts.Identity;
using Utilities.Contracts.Resources;
using Utilities.Notifications;

namespace Utilities.Contracts.Cabinet;

/// <summary>
/// A consumer changes their own e-mail or phone: a code goes to the new contact, and only the
/// right code makes the change (with its history row, in one transaction); the old contact is
/// told. The new e-mail or phone becomes a login identifier at once.
/// </summary>
internal sealed class CabinetContacts(ContractsDbContext db, OneTimeCodes codes, IServiceProvider services, TimeProvider time, IStringLocalizer<ContractsText> text)
{
    public const string Email = "email";
    public const string Phone = "phone";

    public async Task<(IdentityResult Result, string? SentTo)> RequestAsync(long consumerId, string? kind, string? typed, CancellationToken cancellationToken)
    {
        var value = kind switch
        {
            Email => LoginIdentifiers.NormalizeEmail(typed),
            Phone => LoginIdentifiers.NormalizePhone(typed),
            _ => null,
        };
        if (value is null)
            return (IdentityResult.Fail(kind == Phone ? "Identity_BadPhone" : "Identity_BadEmail"), null);

        var consumer = await db.Consumers.FirstAsync(c => c.Id == consumerId, cancellationToken);
        if ((kind == Email ? consumer.Email : consumer.Phone) == value)
            return (IdentityResult.Fail("Contact_Same"), null);
        if (await TakenAsync(consumerId, kind!, value, cancellationToken))
            return (IdentityResult.Fail("Contact_Taken"), null);

        var sender = services.GetService<IMessageSender>();
        if (sender is null)
            return (IdentityResult.Fail("Code_NotSent"), null);
        if (!await codes.MaySendAsync(consumerId, CodePurpose.ContactChange, cancellationToken))
            return (IdentityResult.Fail("Code_TooSoon"), null);
        var channel = kind == Email ? MessageChannel.Email : MessageChannel.Sms;
        var code = await codes.IssueAsync(consumerId, CodePurpose.ContactChange, kind == Email ? "email" : "sms", $"{kind}:{value}", cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        try
        {
            await sender.SendAsync(new OutgoingMessage(channel, value, text["CodeMessage_Subject"],
                text["CodeMessage_Contact", code, (int)OneTimeCodes.SentLifetime.TotalMinutes]), cancellationToken);
        }
        catch (MessageNotSentException)
        {
            return (IdentityResult.Fail("Code_NotSent"), null);
        }

        return (IdentityResult.Ok, ConsumerLogins.Mask(value));
    }

    public async Task<IdentityResult> ConfirmAsync(long consumerId, string? typed, string changedBy, CancellationToken cancellationToken)
    {
        var (check, code) = await codes.CheckAsync(consumerId, CodePurpose.ContactChange, typed, cancellationToken);
        if (check != CodeCheck.Accepted || code?.Target is null)
        {
            return IdentityResult.Fail(check switch
            {
                CodeCheck.Wrong => "Code_Wrong",
                CodeCheck.TooManyAttempts => "Code_TooMany",
                _ => "Code_None",
            });
        }

        var (kind, value) = (code.Target[..code.Target.IndexOf(':', StringComparison.Ordinal)], code.Target[(code.Target.IndexOf(':', StringComparison.Ordinal) + 1)..]);
        // Checked again: someone else may have taken the contact since the code was sent.
        if (await TakenAsync(consumerId, kind, value, cancellationToken))
            return IdentityResult.Fail("Contact_Taken");
        var consumer = await db.Consumers.FirstAsync(c => c.Id == consumerId, cancellationToken);
        var old = kind == Email ? consumer.Email : consumer.Phone;
        if (kind == Email)
            consumer.Email = value;
        else
            consumer.Phone = value;
        db.ContactChanges.Add(new ContactChange
        {
            ConsumerId = consumerId, Kind = kind, OldValue = old, NewValue = value, ChangedAt = time.GetUtcNow(), ChangedBy = changedBy,
        });
        await db.SaveChangesAsync(cancellationToken); // the code is spent in the same transaction

        if (old is not null && services.GetService<IMessageSender>() is { } sender)
        {
            try
            {
                await sender.SendAsync(new OutgoingMessage(kind == Email ? MessageChannel.Email : MessageChannel.Sms, old,
                    text["ContactChanged_Subject"], text["ContactChanged_Text", ConsumerLogins.Mask(value)]), cancellationToken);
            }
            catch (MessageNotSentException)
            {
                // The change stands; it is in the contact history the centre keeps.
            }
        }

        return IdentityResult.Ok;
    }

    /// <summary>Whether another consumer already has this e-mail or phone (they are login identifiers).</summary>
    private async Task<bool> TakenAsync(long consumerId, string kind, string value, CancellationToken cancellationToken) =>
        kind == Email
            ? await db.Consumers.AnyAsync(c => c.Id != consumerId && c.Email != null && c.Email.ToLower() == value, cancellationToken)
            : await db.Consumers.AnyAsync(c => c.Id != consumerId && c.Phone == value, cancellationToken);
}
