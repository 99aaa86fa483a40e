using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Utilities.Contracts.Data;
using Utilities.Contracts.Events;
using Utilities.Contracts.Resources;
using Utilities.Platform.Auditing;
using Utilities.Platform.Messaging;
using Utilities.Platform.Time;

namespace Utilities.Contracts.Terminate;

internal sealed record TerminateResult(bool Succeeded, bool AlreadyTerminated, string? Error);

/// <summary>
/// Terminates a contract at a date (the last day served): its open accounts close on that date,
/// the contract keeps the date and reason, <see cref="ContractTerminated"/> goes out in the same
/// transaction. Nothing is deleted. A second termination changes nothing and says so.
/// </summary>
internal sealed class TerminateCommand(Cabinet.DashboardCache dashboards, ContractsDbContext db, IClock clock, IAuditLog audit, IStringLocalizer<ContractsText> text)
{
    public const int MaxReasonLength = 500;

    public async Task<TerminateResult> ExecuteAsync(long contractId, DateOnly? endsOn, string? reasonTyped, CancellationToken cancellationToken)
    {
        var contract = await db.Contracts.AsNoTracking().FirstOrDefaultAsync(c => c.Id == contractId, cancellationToken);
        if (contract is null)
            return new(false, false, text["Terminate_NoContract"]);
        if (contract.TerminatedOn is { } already)
            return new(false, true, text["Terminate_Already", Date(already)]);
        if (endsOn is not { } date)
            return new(false, false, text["Terminate_NoDate"]);
        if (date < contract.ConcludedOn)
            return new(false, false, text["Terminate_BeforeConclusion", Date(contract.ConcludedOn)]);
        var today = await clock.TodayAsync(cancellationToken);
        if (date > today.AddYears(1))
            return new(false, false, text["Terminate_TooLate", Date(today.AddYears(1))]);
        var reason = string.IsNullOrWhiteSpace(reasonTyped) ? null : reasonTyped.Trim();
        if (reason?.Length > MaxReasonLength)
            return new(false, false, text["Terminate_LongReason", MaxReasonLength]);

        var now = clock.Now;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // Only the first of two racing submits finds the contract still open.
        var claimed = await db.Contracts
            .Where(c => c.Id == contractId && c.TerminatedOn == null)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.TerminatedOn, date).SetProperty(c => c.TerminationReason, reason), cancellationToken);
        if (claimed == 0)
        {
            await transaction.RollbackAsync(cancellationToken);
            var ended = await db.Contracts.Where(c => c.Id == contractId).Select(c => c.TerminatedOn).FirstAsync(cancellationToken);
            return new(false, true, text["Terminate_Already", ended is { } e ? Date(e) : "—"]);
        }

        var accounts = await db.Accounts.Where(a => a.ContractId == contractId && (a.ClosedOn == null || a.ClosedOn > date)).OrderBy(a => a.Number).ToListAsync(cancellationToken);
        foreach (var account in accounts)
            account.ClosedOn = date;
        db.Publish(new ContractTerminated(contract.Id, contract.Number, contract.ConsumerId, contract.PremisesId, date, reason,
            accounts.Select(a => new ContractAccount(a.Id, a.Number, a.Utility, a.SupplierId)).ToList()), now);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        dashboards.ForgetPremises([contract.PremisesId]);

        await audit.WriteAsync("contract.terminated", $"contract:{contract.Id}",
            $"{contract.Number} on {date:yyyy-MM-dd}, accounts {string.Join(", ", accounts.Select(a => a.Number))}", cancellationToken);
        return new(true, false, null);
    }

    private static string Date(DateOnly date) => date.ToString("dd.MM.yyyy", CultureInfo.CurrentCulture);
}
