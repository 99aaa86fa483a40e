using Microsoft.EntityFrameworkCore;
using Utilities.Billing.Data;
using Utilities.Billing.Payments;
using Utilities.Contracts;
using Utilities.Platform.Auditing;
using Utilities.Platform.Time;

namespace Utilities.Billing.Registries;

/// <summary>
/// An operator resolves an unmatched row by naming the payer code, account or contract number it
/// is for: the row's payment is posted with the row's own source (so a later file with the same
/// row does not count it again), the row and the registry's counts change in the same transaction.
/// </summary>
internal sealed class RegistryResolution(BillingDbContext db, PaymentPosting posting, IPaymentReferences references, IClock clock, IAuditLog audit)
{
    /// <summary>Null when posted; otherwise the problem (a <c>RegistryText</c> key without its <c>Problem_</c> prefix).</summary>
    public async Task<string?> ResolveAsync(long registryId, int line, string? reference, string resolvedBy, CancellationToken cancellationToken)
    {
        var typed = reference?.Trim() ?? string.Empty;
        if (typed.Length == 0)
            return "ResolveEmpty";
        var found = await references.ResolveAsync([typed], cancellationToken);
        if (!found.TryGetValue(typed, out var target))
            return "ResolveUnknown";

        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            // The registry row first: resolutions of one file's rows queue here and its counts stay right.
            var registry = await db.Registries.FromSql($"select * from billing.registries where id = {registryId} for update").SingleOrDefaultAsync(cancellationToken);
            var row = await db.RegistryRows.FromSql($"select * from billing.registry_rows where registry_id = {registryId} and line = {line} for update").SingleOrDefaultAsync(cancellationToken);
            if (registry is null || row is null)
                return "ResolveNoRow";
            if (row.Status != RegistryRowStatus.Unmatched)
                return "ResolveDone";
            var bankTarget = await db.RegistryBanks.AsNoTracking().Where(b => b.Code == registry.BankCode).Select(b => b.Target).SingleOrDefaultAsync(cancellationToken) ?? PaymentTargets.Bill;
            var outcome = await posting.PostAsync(
                new PaymentRequest(row.Source!, PaymentChannels.Registry, bankTarget, RegistryImport.Clip(typed, 60)!, row.Amount!.Value, row.PaidOn!.Value, row.ForPeriod,
                    resolvedBy, registry.Id, Resolved: target),
                cancellationToken);
            if (outcome.Problem is { } problem)
                return problem.ToString();

            row.MatchKind = RegistryImport.Kind(target.Kind);
            row.PremisesId = target.PremisesId;
            row.AccountId = target.AccountId;
            row.PaymentId = outcome.PaymentId;
            row.ResolvedBy = RegistryImport.Clip(resolvedBy, 100);
            row.ResolvedAt = clock.Now;
            registry.RowsUnmatched--;
            if (outcome.Duplicate)
            {
                row.Status = RegistryRowStatus.Duplicate;
                row.Problem = "DuplicateOther";
                row.ProblemDetail = outcome.ReceiptNumber;
                registry.RowsDuplicate++;
            }
            else
            {
                row.Status = RegistryRowStatus.Resolved;
                row.Problem = null;
                row.ProblemDetail = null;
                registry.RowsPosted++;
                registry.AmountPosted += row.Amount.Value;
            }

            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        await audit.WriteAsync("billing.registry-row-resolved", $"registry:{registryId}:{line}", $"{resolvedBy} → {typed}", cancellationToken);
        return null;
    }
}
