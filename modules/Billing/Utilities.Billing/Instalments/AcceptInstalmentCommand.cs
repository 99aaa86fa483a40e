using Microsoft.EntityFrameworkCore;
using Npgsql;
using Utilities.Billing.Data;
using Utilities.Billing.Ledger;
using Utilities.Platform.Settings;
using Utilities.Platform.Time;

namespace Utilities.Billing.Instalments;

internal enum InstalmentProblem
{
    NotFound,
    MonthsOutOfRange,
    NothingToDefer,
}

/// <summary>The offer as accepted (now or before: the same schedule), or why not.</summary>
internal sealed record InstalmentAcceptance(InstalmentProblem? Problem, decimal Deferred = 0, IReadOnlyList<InstalmentPart>? Parts = null);

/// <summary>
/// A consumer accepts an instalment offer of one of their accounts: the month's unpaid charge
/// (at most the charge offered) leaves that month (− Instalment) and comes back in the schedule's
/// months (+ Instalment each, interest included), starting with the first month not yet billed.
/// One transaction with the offer locked; accepting again changes nothing.
/// </summary>
internal sealed class AcceptInstalmentCommand(BillingDbContext db, ISettings settings, IClock clock)
{
    public async Task<InstalmentAcceptance> ExecuteAsync(long offerId, IReadOnlyCollection<long> ownAccountIds, int months, long consumerId, CancellationToken cancellationToken)
    {
        var today = await clock.TodayAsync(cancellationToken);
        var maxMonths = await settings.GetAsync(BillingSettings.InstalmentMaxMonths, today, cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var offer = await db.InstalmentOffers.FromSqlRaw("select * from billing.instalment_offers where id = @id for update", new NpgsqlParameter("id", offerId))
            .FirstOrDefaultAsync(cancellationToken);
        if (offer is null || !ownAccountIds.Contains(offer.AccountId))
            return new InstalmentAcceptance(InstalmentProblem.NotFound);
        if (offer.State == InstalmentOfferStates.Accepted)
            return new InstalmentAcceptance(null, offer.Deferred ?? 0, await PartsAsync(offer, cancellationToken));
        if (months < 2 || months > maxMonths)
            return new InstalmentAcceptance(InstalmentProblem.MonthsOutOfRange);
        var open = await db.Debts.Where(d => d.AccountId == offer.AccountId && d.ForPeriod == offer.Period).Select(d => d.Open).FirstOrDefaultAsync(cancellationToken);
        var deferred = Math.Min(open, offer.Charged);
        if (deferred <= 0)
            return new InstalmentAcceptance(InstalmentProblem.NothingToDefer);

        var interest = Math.Min(
            await settings.GetAsync(BillingSettings.InstalmentInterestPercent, today, cancellationToken),
            await settings.GetAsync(BillingSettings.KeyRatePercent, today, cancellationToken) + 3m);
        var thisMonth = new DateOnly(today.Year, today.Month, 1);
        var first = offer.Period.AddMonths(1) > thisMonth ? offer.Period.AddMonths(1) : thisMonth;
        var parts = InstalmentSchedule.Build(deferred, months, interest, first);
        var note = $"рассрочка за {offer.Period:MM.yyyy}";
        var entries = new List<NewLedgerEntry>
        {
            new(offer.AccountId, offer.PremisesId, offer.SupplierId, offer.Period, today, LedgerKind.Instalment, -deferred, ReferenceId: offer.Id, Note: note),
        };
        entries.AddRange(parts.Select(p => new NewLedgerEntry(offer.AccountId, offer.PremisesId, offer.SupplierId, p.Month, today, LedgerKind.Instalment, p.Amount, ReferenceId: offer.Id, Note: note)));
        var dueDay = await settings.GetAsync(BillingSettings.PaymentDueDay, today, cancellationToken);
        await LedgerWriter.PostAsync(db, entries, dueDay, clock.Now, cancellationToken);
        offer.State = InstalmentOfferStates.Accepted;
        offer.Months = months;
        offer.InterestPercent = interest;
        offer.Deferred = deferred;
        offer.AcceptedAt = clock.Now;
        offer.AcceptedBy = consumerId;
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new InstalmentAcceptance(null, deferred, parts);
    }

    private async Task<IReadOnlyList<InstalmentPart>> PartsAsync(InstalmentOffer offer, CancellationToken cancellationToken) =>
        (await db.LedgerEntries.AsNoTracking()
            .Where(e => e.ReferenceId == offer.Id && e.Kind == LedgerKind.Instalment && e.AccountId == offer.AccountId && e.Amount > 0)
            .OrderBy(e => e.ForPeriod).Select(e => new { e.ForPeriod, e.Amount }).ToListAsync(cancellationToken))
        .Select(e => new InstalmentPart(e.ForPeriod!.Value, e.Amount, 0m)).ToList();
}
