using Microsoft.EntityFrameworkCore;
using Utilities.Contracts.Data;
using Utilities.Contracts.Identity;

namespace Utilities.Contracts.Search;

internal sealed record CardAccount(PersonalAccount Account, string Supplier);

/// <summary>Everything the contract card and the printed contract show, read in one place.</summary>
internal sealed record ContractCard(
    Contract Contract,
    Consumer Consumer,
    Premises Premises,
    Building Building,
    IReadOnlyList<CardAccount> Accounts,
    IReadOnlyList<PremisesOwner> Owners,
    IReadOnlyList<ContactChange> ContactHistory,
    Organisation? Centre,
    DateTimeOffset? CabinetActivatedAt,
    OneTimeCode? OpenActivationCode)
{
    public bool Active => Contract.TerminatedOn is null;
}

internal sealed class ContractCards(ContractsDbContext db, TimeProvider time)
{
    public async Task<ContractCard?> LoadAsync(long contractId, CancellationToken cancellationToken)
    {
        var contract = await db.Contracts.AsNoTracking().FirstOrDefaultAsync(c => c.Id == contractId, cancellationToken);
        if (contract is null)
            return null;
        var consumer = await db.Consumers.AsNoTracking().SingleAsync(k => k.Id == contract.ConsumerId, cancellationToken);
        var premises = await db.Premises.AsNoTracking().SingleAsync(p => p.Id == contract.PremisesId, cancellationToken);
        var building = await db.Buildings.AsNoTracking().SingleAsync(b => b.Id == premises.BuildingId, cancellationToken);
        var accounts = await (
            from a in db.Accounts
            join s in db.Organisations on a.SupplierId equals s.Id
            where a.ContractId == contractId
            orderby a.Number
            select new CardAccount(a, s.Name)).AsNoTracking().ToListAsync(cancellationToken);
        var owners = await db.Owners.AsNoTracking().Where(o => o.PremisesId == premises.Id).OrderBy(o => o.Id).ToListAsync(cancellationToken);
        var history = await db.ContactChanges.AsNoTracking().Where(c => c.ConsumerId == consumer.Id)
            .OrderByDescending(c => c.ChangedAt).ThenByDescending(c => c.Id).Take(50).ToListAsync(cancellationToken);
        var centre = await db.Organisations.AsNoTracking().Where(o => o.Kind == "centre").OrderBy(o => o.Id).FirstOrDefaultAsync(cancellationToken);
        var activatedAt = await db.Logins.Where(l => l.ConsumerId == consumer.Id).Select(l => l.ActivatedAt).FirstOrDefaultAsync(cancellationToken);
        var now = time.GetUtcNow();
        var code = await db.Codes.AsNoTracking()
            .Where(c => c.ConsumerId == consumer.Id && c.Purpose == CodePurpose.Activation && c.UsedAt == null && c.ExpiresAt > now)
            .OrderByDescending(c => c.Id).FirstOrDefaultAsync(cancellationToken);
        return new ContractCard(contract, consumer, premises, building, accounts, owners, history, centre, activatedAt, code);
    }
}
