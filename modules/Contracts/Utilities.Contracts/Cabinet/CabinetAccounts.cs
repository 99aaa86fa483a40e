using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Utilities.Contracts.Accounts;
using Utilities.Contracts.Data;
using Utilities.Contracts.Identity;
using Utilities.Notifications;
using Utilities.Platform.Settings;
using Utilities.Platform.Time;

namespace Utilities.Contracts.Cabinet;

/// <summary>An account as its cabinet shows it.</summary>
internal sealed record CabinetAccount(
    long Id,
    string Number,
    string Utility,
    string SupplierName,
    string ContractNumber,
    long PremisesId,
    string PremisesNumber,
    long BuildingId,
    string Address,
    string PayerCode,
    DateOnly OpenedOn,
    DateOnly? ClosedOn,
    bool Own);

/// <summary>Someone's access to one of my accounts (for the holder to see and revoke).</summary>
internal sealed record GrantedAccess(long AttachmentId, string AccountNumber, string Utility, string Address, string PremisesNumber, string MaskedName, DateTimeOffset AttachedAt);

/// <summary>
/// What a cabinet may see: the accounts of the consumer's own contracts and the accounts attached
/// by number + attach code, open or closed within the history the centre shows. Everything here
/// takes the consumer's id: no query reads an account without it.
/// </summary>
internal sealed class CabinetAccounts(ContractsDbContext db, ISettings settings, IClock clock, IServiceProvider services, TimeProvider time)
{
    private async Task<IQueryable<Row>> VisibleAsync(long consumerId, CancellationToken cancellationToken)
    {
        var months = await settings.GetCurrentAsync(PlatformSettings.ConsumerHistoryMonths, cancellationToken);
        var since = (await clock.TodayAsync(cancellationToken)).AddMonths(-months);
        // The consumer's own accounts and the attached ones as one small id set first (two index probes):
        // an OR of the two conditions over the joined tables would scan every account of the centre.
        var visible = db.Accounts.Where(a => db.Contracts.Any(c => c.Id == a.ContractId && c.ConsumerId == consumerId)).Select(a => a.Id)
            .Union(db.Attachments.Where(t => t.ConsumerId == consumerId && t.DetachedAt == null).Select(t => t.AccountId));
        return from a in db.Accounts
               join c in db.Contracts on a.ContractId equals c.Id
               join p in db.Premises on a.PremisesId equals p.Id
               join b in db.Buildings on p.BuildingId equals b.Id
               join o in db.Organisations on a.SupplierId equals o.Id
               where visible.Contains(a.Id) && (a.ClosedOn == null || a.ClosedOn >= since)
               select new Row
               {
                   Id = a.Id, Number = a.Number, Utility = a.Utility, SupplierName = o.Name, ContractNumber = c.Number,
                   PremisesId = p.Id, PremisesNumber = p.Number, BuildingId = b.Id, Address = b.Address, PayerCode = p.PayerCode,
                   OpenedOn = a.OpenedOn, ClosedOn = a.ClosedOn, Own = c.ConsumerId == consumerId,
               };
    }

    /// <summary>
    /// The list a request has read already: the dashboard's widgets of several modules ask for it in the same
    /// request (scoped service). Attaching, detaching or revoking through this instance forgets it.
    /// </summary>
    private readonly Dictionary<long, IReadOnlyList<CabinetAccount>> listed = [];

    public async Task<IReadOnlyList<CabinetAccount>> ListAsync(long consumerId, CancellationToken cancellationToken)
    {
        if (listed.TryGetValue(consumerId, out var known))
            return known;
        var accounts = (await (await VisibleAsync(consumerId, cancellationToken))
                .OrderBy(a => a.Address).ThenBy(a => a.PremisesNumber).ThenBy(a => a.Number)
                .ToListAsync(cancellationToken))
            .Select(r => r.ToAccount())
            .ToList();
        listed[consumerId] = accounts;
        return accounts;
    }

    /// <summary>The account if this cabinet may see it; null otherwise (the page answers 404 either way).</summary>
    public async Task<CabinetAccount?> FindAsync(long consumerId, long accountId, CancellationToken cancellationToken) =>
        (await (await VisibleAsync(consumerId, cancellationToken)).FirstOrDefaultAsync(a => a.Id == accountId, cancellationToken))?.ToAccount();

    /// <summary>The query's shape: a plain class EF can filter and sort on (a record constructor it cannot).</summary>
    private sealed class Row
    {
        public long Id { get; init; }
        public required string Number { get; init; }
        public required string Utility { get; init; }
        public required string SupplierName { get; init; }
        public required string ContractNumber { get; init; }
        public long PremisesId { get; init; }
        public required string PremisesNumber { get; init; }
        public long BuildingId { get; init; }
        public required string Address { get; init; }
        public required string PayerCode { get; init; }
        public DateOnly OpenedOn { get; init; }
        public DateOnly? ClosedOn { get; init; }
        public bool Own { get; init; }

        public CabinetAccount ToAccount() =>
            new(Id, Number, Utility, SupplierName, ContractNumber, PremisesId, PremisesNumber, BuildingId, Address, PayerCode, OpenedOn, ClosedOn, Own);
    }

    /// <summary>Attaches an account by its number and the attach code printed on its bill or contract; tells the contract holder.</summary>
    public async Task<IdentityResult> AttachAsync(long consumerId, string? number, string? code, CancellationToken cancellationToken)
    {
        listed.Clear();
        var typedNumber = (number ?? string.Empty).Trim();
        var typedCode = AttachCode.Normalize(code);
        if (typedNumber.Length == 0 || typedCode.Length == 0)
            return IdentityResult.Fail("Attach_Incomplete");

        var account = await db.Accounts.FirstOrDefaultAsync(a => a.Number == typedNumber && a.ClosedOn == null, cancellationToken);
        if (account is null || !System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
                System.Text.Encoding.UTF8.GetBytes(account.AttachCode), System.Text.Encoding.UTF8.GetBytes(typedCode)))
        {
            // Same answer for an unknown number and a wrong code: the form must not reveal which accounts exist.
            return IdentityResult.Fail("Attach_Wrong");
        }

        var contract = await db.Contracts.FirstAsync(c => c.Id == account.ContractId, cancellationToken);
        if (contract.ConsumerId == consumerId
            || await db.Attachments.AnyAsync(t => t.ConsumerId == consumerId && t.AccountId == account.Id && t.DetachedAt == null, cancellationToken))
        {
            return IdentityResult.Fail("Attach_Already");
        }

        db.Attachments.Add(new CabinetAttachment { ConsumerId = consumerId, AccountId = account.Id, AttachedAt = time.GetUtcNow() });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (e.InnerException is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation })
        {
            return IdentityResult.Fail("Attach_Already"); // a double submit
        }

        await TellHolderAsync(contract.ConsumerId, account.Number, cancellationToken);
        return IdentityResult.Ok;
    }

    /// <summary>Detaches an account this cabinet attached (its own contracts' accounts cannot be detached).</summary>
    public async Task<bool> DetachAsync(long consumerId, long accountId, CancellationToken cancellationToken)
    {
        listed.Clear();
        return await db.Attachments
            .Where(t => t.ConsumerId == consumerId && t.AccountId == accountId && t.DetachedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.DetachedAt, time.GetUtcNow()).SetProperty(t => t.DetachedBy, "consumer"), cancellationToken) > 0;
    }

    /// <summary>Other cabinets that see the accounts of my contracts.</summary>
    public async Task<IReadOnlyList<GrantedAccess>> GrantedAsync(long holderId, CancellationToken cancellationToken)
    {
        var rows = await (from t in db.Attachments
                          join a in db.Accounts on t.AccountId equals a.Id
                          join c in db.Contracts on a.ContractId equals c.Id
                          join p in db.Premises on a.PremisesId equals p.Id
                          join b in db.Buildings on p.BuildingId equals b.Id
                          join who in db.Consumers on t.ConsumerId equals who.Id
                          where c.ConsumerId == holderId && t.DetachedAt == null
                          orderby t.AttachedAt descending
                          select new { t.Id, a.Number, a.Utility, b.Address, Premises = p.Number, who.FullName, t.AttachedAt })
            .ToListAsync(cancellationToken);
        return rows.Select(r => new GrantedAccess(r.Id, r.Number, r.Utility, r.Address, r.Premises, MaskName(r.FullName), r.AttachedAt)).ToList();
    }

    /// <summary>The holder revokes someone's access to an account of theirs.</summary>
    public async Task<bool> RevokeAsync(long holderId, long attachmentId, CancellationToken cancellationToken)
    {
        listed.Clear();
        return await db.Attachments
            .Where(t => t.Id == attachmentId && t.DetachedAt == null
                        && db.Accounts.Any(a => a.Id == t.AccountId && db.Contracts.Any(c => c.Id == a.ContractId && c.ConsumerId == holderId)))
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.DetachedAt, time.GetUtcNow()).SetProperty(t => t.DetachedBy, "holder"), cancellationToken) > 0;
    }

    private async Task TellHolderAsync(long holderId, string accountNumber, CancellationToken cancellationToken)
    {
        var holder = await db.Consumers.FirstAsync(c => c.Id == holderId, cancellationToken);
        var sender = services.GetService<IMessageSender>();
        var (channel, to) = holder.Email is { } e ? (MessageChannel.Email, e) : holder.Phone is { } p ? (MessageChannel.Sms, p) : (MessageChannel.Email, (string?)null);
        if (sender is null || to is null)
            return;
        var text = $"Лицевой счёт {accountNumber} добавлен в другой личный кабинет. Если вы не передавали код счёта, отключите доступ в своём личном кабинете: раздел «Доступ к моим счетам».";
        try
        {
            await sender.SendAsync(new OutgoingMessage(channel, to, "Доступ к вашему лицевому счёту", text), cancellationToken);
        }
        catch (MessageNotSentException)
        {
            // The attachment stands; the holder also sees it in the cabinet's access list.
        }
    }

    /// <summary>"Петрова М. И." — enough for the holder to recognise, no more.</summary>
    internal static string MaskName(string fullName)
    {
        var parts = fullName.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return parts.Length switch
        {
            0 => "—",
            1 => parts[0],
            _ => parts[0] + " " + string.Join(" ", parts.Skip(1).Select(p => p[0] + ".")),
        };
    }
}
