using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Utilities.Contracts.Data;
using Utilities.Contracts.Identity;
using Utilities.Contracts.Resources;
using Utilities.Platform.Auditing;
using Utilities.Platform.Identity;
using Utilities.Platform.Time;

namespace Utilities.Contracts.ContactChanges;

internal sealed record ChangeContactsResult(bool Succeeded, bool Changed, string? Error);

/// <summary>Whether an e-mail or phone is already another consumer's login identifier.</summary>
internal static class ContactUse
{
    public static async Task<(string Kind, string Value, string? ContractNumber)?> TakenAsync(
        ContractsDbContext db, long? exceptConsumerId, string? email, string? phone, CancellationToken cancellationToken)
    {
        if (email is not null)
        {
            var other = await db.Consumers.Where(k => k.Email != null && k.Email.ToLower() == email && k.Id != exceptConsumerId).Select(k => (long?)k.Id).FirstOrDefaultAsync(cancellationToken);
            if (other is { } id)
                return ("email", email, await ContractOfAsync(db, id, cancellationToken));
        }

        if (phone is not null)
        {
            var other = await db.Consumers.Where(k => k.Phone == phone && k.Id != exceptConsumerId).Select(k => (long?)k.Id).FirstOrDefaultAsync(cancellationToken);
            if (other is { } id)
                return ("phone", phone, await ContractOfAsync(db, id, cancellationToken));
        }

        return null;
    }

    private static Task<string?> ContractOfAsync(ContractsDbContext db, long consumerId, CancellationToken cancellationToken) =>
        db.Contracts.Where(c => c.ConsumerId == consumerId).OrderBy(c => c.TerminatedOn != null).ThenByDescending(c => c.Id)
            .Select(c => c.Number).FirstOrDefaultAsync(cancellationToken);
}

/// <summary>
/// An operator changes a consumer's e-mail and/or phone (they are the consumer's login
/// identifiers): normalized, checked against other consumers, each change kept in the history
/// (old, new, who, when), all in one transaction. An empty field removes the contact.
/// </summary>
internal sealed class ChangeContactsCommand(ContractsDbContext db, IClock clock, ICurrentUser user, IAuditLog audit, IStringLocalizer<ContractsText> text)
{
    public async Task<ChangeContactsResult> ExecuteAsync(long consumerId, string? emailTyped, string? phoneTyped, CancellationToken cancellationToken)
    {
        var consumer = await db.Consumers.FirstOrDefaultAsync(k => k.Id == consumerId, cancellationToken);
        if (consumer is null)
            return new(false, false, text["Conclude_NoConsumer"]);

        string? email = null, phone = null;
        if (!string.IsNullOrWhiteSpace(emailTyped) && (email = EmailAddresses.Normalize(emailTyped)) is null)
            return new(false, false, text["Contact_BadEmail", emailTyped.Trim()]);
        if (!string.IsNullOrWhiteSpace(phoneTyped) && (phone = Phones.Normalize(phoneTyped)) is null)
            return new(false, false, text["Contact_BadPhone", phoneTyped.Trim()]);

        var emailChanged = !string.Equals(email, consumer.Email, StringComparison.Ordinal);
        var phoneChanged = !string.Equals(phone, consumer.Phone, StringComparison.Ordinal);
        if (!emailChanged && !phoneChanged)
            return new(true, false, null);

        if (await ContactUse.TakenAsync(db, consumer.Id, emailChanged ? email : null, phoneChanged ? phone : null, cancellationToken) is { } taken)
            return new(false, false, text[taken.Kind == "email" ? "Contact_EmailTaken" : "Contact_PhoneTaken", taken.Value, taken.ContractNumber ?? "—"]);

        var now = clock.Now;
        var by = user.Id ?? "staff:unknown";
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (emailChanged)
        {
            db.ContactChanges.Add(new ContactChange { ConsumerId = consumer.Id, Kind = "email", OldValue = consumer.Email, NewValue = email, ChangedAt = now, ChangedBy = by });
            consumer.Email = email;
        }

        if (phoneChanged)
        {
            db.ContactChanges.Add(new ContactChange { ConsumerId = consumer.Id, Kind = "phone", OldValue = consumer.Phone, NewValue = phone, ChangedAt = now, ChangedBy = by });
            consumer.Phone = phone;
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await audit.WriteAsync("consumer.contacts-changed", $"consumer:{consumer.Id}",
            string.Join(", ", new[] { emailChanged ? "email" : null, phoneChanged ? "phone" : null }.OfType<string>()), cancellationToken);
        return new(true, true, null);
    }
}
