using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using Utilities.Billing.Data;
using Utilities.Billing.Payments;
using Utilities.Contracts;
using Utilities.Platform.Time;
using Utilities.Platform.Faults;

namespace Utilities.Billing.Registries;

/// <summary>What became of an upload: the registry it made (or the earlier one of the same file), or why none was made.</summary>
/// <param name="Problem">Set with <paramref name="RegistryId"/> null when nothing was stored (unknown bank); with an id when the file was refused as a whole.</param>
internal sealed record RegistryImportResult(long? RegistryId, bool DuplicateFile, string? Problem = null, string? ProblemDetail = null);

/// <summary>
/// Imports a bank's payment registry (ADR 16): the file is read whole (at most 64 MB, a 100,000-row
/// registry is ~10 MB), its lines checked, what they name resolved in bulk (payer code, account or
/// contract number, then the address), the matched rows posted through <see cref="PaymentPosting"/>
/// in batches of <see cref="BatchSize"/>, and every line stored with what became of it, all in one
/// transaction: a failure stores nothing, a refused file only its refusal. A file accepted before
/// (same bank, same SHA-256) is answered by its report; a row posted before (same source) is a
/// duplicate and posts nothing.
/// </summary>
internal sealed class RegistryImport(BillingDbContext db, PaymentPosting posting, IPaymentReferences references, IClock clock)
{
    public const int BatchSize = 10_000;

    public async Task<RegistryImportResult> ImportAsync(string bankCode, string fileName, byte[] bytes, string? encoding, string uploadedBy, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var bank = await db.RegistryBanks.AsNoTracking().FirstOrDefaultAsync(b => b.Code == bankCode && b.Active, cancellationToken);
        if (bank is null)
            return new RegistryImportResult(null, false, "UnknownBank", bankCode);
        if (encoding is not null && !RegistryFile.Encodings.Contains(encoding))
            return new RegistryImportResult(null, false, "UnknownEncoding", encoding);
        var hash = RegistryFile.Hash(bytes);
        if (await EarlierAsync(bank.Code, hash, cancellationToken) is { } earlier)
            return new RegistryImportResult(earlier, true);

        var content = RegistryFile.Read(bytes, bank, encoding);
        var now = clock.Now;
        var registry = new Registry
        {
            BankCode = bank.Code, FileName = Clip(Path.GetFileName(fileName) is { Length: > 0 } name ? name : "registry.txt", 260)!, FileHash = hash,
            SizeBytes = bytes.Length, Encoding = content.Encoding, State = RegistryStates.Imported, UploadedBy = Clip(uploadedBy, 100)!, UploadedAt = now,
        };
        if (content.Problem is not null)
        {
            // A refused file keeps its refusal for the report and nothing of its rows.
            registry.State = RegistryStates.Rejected;
            registry.Problem = content.Problem;
            registry.ProblemDetail = content.ProblemDetail;
            registry.Seconds = (decimal)watch.Elapsed.TotalSeconds;
            db.Registries.Add(registry);
            await db.SaveChangesAsync(cancellationToken);
            return new RegistryImportResult(registry.Id, false, content.Problem, content.ProblemDetail);
        }

        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            db.Registries.Add(registry);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
            {
                // The same file uploaded at the same moment: the other upload made the registry.
                await transaction.RollbackAsync(cancellationToken);
                db.ChangeTracker.Clear();
                return new RegistryImportResult(await EarlierAsync(bank.Code, hash, cancellationToken), true);
            }

            var rows = await PostAsync(registry, bank, content.Lines, uploadedBy, cancellationToken);
            await CopyAsync(registry.Id, rows, cancellationToken);
            registry.RowsTotal = rows.Length;
            registry.RowsPosted = rows.Count(r => r.Status == RegistryRowStatus.Posted);
            registry.RowsDuplicate = rows.Count(r => r.Status == RegistryRowStatus.Duplicate);
            registry.RowsUnmatched = rows.Count(r => r.Status == RegistryRowStatus.Unmatched);
            registry.RowsRejected = rows.Count(r => r.Status == RegistryRowStatus.Rejected);
            registry.AmountTotal = rows.Sum(r => r.Amount ?? 0);
            registry.AmountPosted = rows.Where(r => r.Status == RegistryRowStatus.Posted).Sum(r => r.Amount ?? 0);
            registry.Seconds = (decimal)watch.Elapsed.TotalSeconds;
            await db.SaveChangesAsync(cancellationToken);
            FaultPoints.Hit("billing.registry.before-commit");
            await transaction.CommitAsync(cancellationToken);
            FaultPoints.Hit("billing.registry.committed");
            return new RegistryImportResult(registry.Id, false);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private async Task<long?> EarlierAsync(string bank, string hash, CancellationToken cancellationToken) =>
        await db.Registries.AsNoTracking().Where(r => r.BankCode == bank && r.FileHash == hash && r.State == RegistryStates.Imported)
            .Select(r => (long?)r.Id).FirstOrDefaultAsync(cancellationToken);

    /// <summary>Checks every line, resolves the good ones in bulk and posts the matched ones; a row per line, in line order.</summary>
    private async Task<RegistryRow[]> PostAsync(Registry registry, RegistryBank bank, IReadOnlyList<RegistryLine> lines, string uploadedBy, CancellationToken cancellationToken)
    {
        var today = await clock.TodayAsync(cancellationToken);
        var rows = new RegistryRow[lines.Count];
        var candidates = new List<(int Index, RegistryLine Line, string Source)>(lines.Count);
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            var source = line.Problem is null ? RegistryFile.Source(bank.Code, line) : null;
            rows[i] = Row(registry.Id, line, source);
            if (line.Problem is not null)
            {
                Refuse(rows[i], RegistryRowStatus.Rejected, line.Problem, line.ProblemDetail);
                continue;
            }

            var request = new PaymentRequest(source!, PaymentChannels.Registry, bank.Target, string.Empty, line.Amount!.Value, line.PaidOn!.Value, line.ForPeriod, uploadedBy);
            if (PaymentPosting.Check(request, today) is { } problem)
                Refuse(rows[i], RegistryRowStatus.Rejected, problem.ToString(), null);
            else if (line.Reference is null && line.Contract is null && line.Address is null)
                Refuse(rows[i], RegistryRowStatus.Unmatched, "NoReference", null);
            else
                candidates.Add((i, line, source!));
        }

        // One query per kind of reference for the whole file (IPaymentReferences), none per row.
        var names = candidates.SelectMany(c => new[] { c.Line.Reference, c.Line.Contract }).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        var found = names.Count == 0 ? new Dictionary<string, PaymentReference>() : await references.ResolveAsync(names, cancellationToken);
        var matched = new List<(int Index, RegistryLine Line, string Source, PaymentReference Target)>(candidates.Count);
        var byAddress = new List<(int Index, RegistryLine Line, string Source)>();
        foreach (var c in candidates)
        {
            if ((c.Line.Reference is { } r && found.TryGetValue(r, out var target)) || (c.Line.Contract is { } k && found.TryGetValue(k, out target)))
                matched.Add((c.Index, c.Line, c.Source, target));
            else if (c.Line.Address is not null)
                byAddress.Add(c);
            else
                Refuse(rows[c.Index], RegistryRowStatus.Unmatched, "Unmatched", c.Line.Reference ?? c.Line.Contract);
        }

        if (byAddress.Count > 0)
        {
            var places = await references.ResolveAddressesAsync(byAddress.Select(a => a.Line.Address!).Distinct(StringComparer.Ordinal).ToList(), cancellationToken);
            foreach (var a in byAddress)
            {
                if (places.TryGetValue(a.Line.Address!, out var target))
                    matched.Add((a.Index, a.Line, a.Source, target));
                else
                    Refuse(rows[a.Index], RegistryRowStatus.Unmatched, "Unmatched", a.Line.Reference ?? a.Line.Contract ?? a.Line.Address);
            }

            matched.Sort((x, y) => x.Index.CompareTo(y.Index));
        }

        var duplicates = new List<(int Index, long PaymentId)>();
        foreach (var batch in matched.Chunk(BatchSize))
        {
            var requests = batch.Select(m => new PaymentRequest(m.Source, PaymentChannels.Registry, bank.Target, Clip(m.Target.Reference, 60)!, m.Line.Amount!.Value,
                m.Line.PaidOn!.Value, m.Line.ForPeriod, uploadedBy, registry.Id, Resolved: m.Target)).ToList();
            var outcomes = await posting.PostAsync(requests, cancellationToken);
            FaultPoints.Hit("billing.registry.batch-posted");
            for (var i = 0; i < batch.Length; i++)
            {
                var (index, _, _, target) = batch[i];
                var row = rows[index];
                var outcome = outcomes[i];
                row.MatchKind = Kind(target.Kind);
                row.PremisesId = target.PremisesId;
                row.AccountId = target.AccountId;
                if (outcome.Problem is { } problem)
                {
                    Refuse(row, RegistryRowStatus.Rejected, problem.ToString(), null);
                    continue;
                }

                row.PaymentId = outcome.PaymentId;
                row.Status = outcome.Duplicate ? RegistryRowStatus.Duplicate : RegistryRowStatus.Posted;
                if (outcome.Duplicate)
                    duplicates.Add((index, outcome.PaymentId!.Value));
            }
        }

        if (duplicates.Count > 0)
        {
            // Which registry (or channel) counted each duplicate: the report says where the money went.
            var ids = duplicates.Select(d => d.PaymentId).Distinct().ToArray();
            var earlier = await db.Payments.AsNoTracking().Where(p => ids.Contains(p.Id)).Select(p => new { p.Id, p.RegistryId, p.ReceiptNumber }).ToDictionaryAsync(p => p.Id, cancellationToken);
            foreach (var (index, paymentId) in duplicates)
            {
                var p = earlier.GetValueOrDefault(paymentId);
                if (p?.RegistryId == registry.Id)
                    Refuse(rows[index], RegistryRowStatus.Duplicate, "DuplicateInFile", p.ReceiptNumber);
                else
                    Refuse(rows[index], RegistryRowStatus.Duplicate, p?.RegistryId is null ? "DuplicateOther" : "DuplicateOf", p?.RegistryId?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? p?.ReceiptNumber);
            }
        }

        return rows;
    }

    internal static string Kind(PaymentReferenceKind kind) => kind switch
    {
        PaymentReferenceKind.PayerCode => "payer-code",
        PaymentReferenceKind.Account => "account",
        PaymentReferenceKind.Contract => "contract",
        _ => "address",
    };

    private static RegistryRow Row(long registryId, RegistryLine line, string? source) => new()
    {
        RegistryId = registryId, Line = line.Line, Raw = line.Raw, Source = source, Reference = Clip(line.Reference, 60), Contract = Clip(line.Contract, 60),
        Address = Clip(line.Address, 300), Payer = Clip(line.Payer, 200), PaidOn = line.PaidOn, ForPeriod = line.ForPeriod,
        Amount = line.Amount is { } a && Math.Abs(a) < 1e13m ? decimal.Round(a, 2) : null, Status = RegistryRowStatus.Posted,
    };

    private static void Refuse(RegistryRow row, string status, string problem, string? detail)
    {
        row.Status = status;
        row.Problem = problem;
        row.ProblemDetail = Clip(detail, 300);
    }

    internal static string? Clip(string? value, int length) => value is null || value.Length <= length ? value : value[..length];

    /// <summary>The rows by binary COPY (100,000 rows in well under a second), on the transaction's connection.</summary>
    private async Task CopyAsync(long registryId, RegistryRow[] rows, CancellationToken cancellationToken)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await using var copy = await connection.BeginBinaryImportAsync("""
            copy billing.registry_rows (registry_id, line, raw, source, reference, contract, address, payer, paid_on, for_period, amount, status, match_kind, premises_id, account_id, payment_id, problem, problem_detail)
            from stdin (format binary)
            """, cancellationToken);
        foreach (var r in rows)
        {
            await copy.StartRowAsync(cancellationToken);
            await copy.WriteAsync(registryId, NpgsqlDbType.Bigint, cancellationToken);
            await copy.WriteAsync(r.Line, NpgsqlDbType.Integer, cancellationToken);
            await copy.WriteAsync(r.Raw, NpgsqlDbType.Text, cancellationToken);
            await Nullable(copy, r.Source, NpgsqlDbType.Varchar, cancellationToken);
            await Nullable(copy, r.Reference, NpgsqlDbType.Varchar, cancellationToken);
            await Nullable(copy, r.Contract, NpgsqlDbType.Varchar, cancellationToken);
            await Nullable(copy, r.Address, NpgsqlDbType.Varchar, cancellationToken);
            await Nullable(copy, r.Payer, NpgsqlDbType.Varchar, cancellationToken);
            await Nullable(copy, r.PaidOn, NpgsqlDbType.Date, cancellationToken);
            await Nullable(copy, r.ForPeriod, NpgsqlDbType.Date, cancellationToken);
            await Nullable(copy, r.Amount, NpgsqlDbType.Numeric, cancellationToken);
            await copy.WriteAsync(r.Status, NpgsqlDbType.Varchar, cancellationToken);
            await Nullable(copy, r.MatchKind, NpgsqlDbType.Varchar, cancellationToken);
            await Nullable(copy, r.PremisesId, NpgsqlDbType.Bigint, cancellationToken);
            await Nullable(copy, r.AccountId, NpgsqlDbType.Bigint, cancellationToken);
            await Nullable(copy, r.PaymentId, NpgsqlDbType.Bigint, cancellationToken);
            await Nullable(copy, r.Problem, NpgsqlDbType.Varchar, cancellationToken);
            await Nullable(copy, r.ProblemDetail, NpgsqlDbType.Text, cancellationToken);
        }

        await copy.CompleteAsync(cancellationToken);
    }

    private static Task Nullable(NpgsqlBinaryImporter copy, string? value, NpgsqlDbType type, CancellationToken cancellationToken) =>
        value is null ? copy.WriteNullAsync(cancellationToken) : copy.WriteAsync(value, type, cancellationToken);

    private static Task Nullable<T>(NpgsqlBinaryImporter copy, T? value, NpgsqlDbType type, CancellationToken cancellationToken)
        where T : struct =>
        value is { } v ? copy.WriteAsync(v, type, cancellationToken) : copy.WriteNullAsync(cancellationToken);
}
