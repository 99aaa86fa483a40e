using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;
using Utilities.Billing.Data;
using Utilities.Contracts;
using Utilities.Metering;
using Utilities.Platform.Settings;
using Utilities.Plugins.Sdk;

namespace Utilities.Billing.Bills;

/// <summary>
/// Composes one bill per premises of a run's period from the lines posted in it (its own charges,
/// reversals and recalculations), the payer and payee from Contracts, the meters from Metering and
/// the previous bill's total as the debt at the start. Stored as JSON with binary COPY, in batches.
/// </summary>
internal sealed class BillComposer(
    BillingDbContext db,
    IServiceScopeFactory scopes,
    IBillingFacts facts,
    IMeterDirectory meters,
    ISettings settings,
    IEnumerable<IUtilityPlugin> plugins,
    IEnumerable<Utilities.RepairFund.IRepairFundStatement> repairFund,
    Microsoft.Extensions.Logging.ILogger<BillComposer> logger)
{
    public const int BatchSize = 2000;

    /// <summary>Cyrillic as it is, not as \uXXXX escapes (a third of the size; the document is stored, not put into HTML).</summary>
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All),
    };

    private static readonly CultureInfo Ru = CultureInfo.GetCultureInfo("ru-RU");

    public async Task<int> ComposeAsync(BillingRun run, Func<Task> renewLease, CancellationToken cancellationToken)
    {
        var organisations = (await facts.OrganisationsAsync(cancellationToken)).ToDictionary(o => o.Id);
        var centre = organisations.Values.FirstOrDefault(o => o.Kind == "centre") ?? organisations.Values.FirstOrDefault();
        if (centre is null)
            return 0;
        var payee = new BillPayee(centre.Name, centre.Inn, centre.Kpp, centre.BankName, centre.Bic, centre.CorrespondentAccount, centre.SettlementAccount);
        var dueDay = await settings.GetAsync(BillingSettings.PaymentDueDay, run.Period, cancellationToken);
        var next = run.Period.AddMonths(1);
        var due = new DateOnly(next.Year, next.Month, Math.Min(dueDay, DateTime.DaysInMonth(next.Year, next.Month)));
        var byCode = plugins.ToDictionary(p => p.Code, StringComparer.Ordinal);

        // One ordered stream of the period's lines on its own connection; lookups and writes per chunk of premises on this one.
        await using var streamScope = scopes.CreateAsyncScope();
        var source = streamScope.ServiceProvider.GetRequiredService<BillingDbContext>();
        var stream = source.ChargeLines.AsNoTracking().Where(l => l.Period == run.Period)
            .OrderBy(l => l.PremisesId).ThenBy(l => l.Id).AsAsyncEnumerable();
        var count = 0;
        // The previous chunk's bills are written on a connection of their own while the next chunk is composed.
        await using var writerScope = scopes.CreateAsyncScope();
        var writer = writerScope.ServiceProvider.GetRequiredService<BillingDbContext>();
        var writing = Task.CompletedTask;
        var chunk = new List<List<ChargeLineRow>>(BatchSize);
        List<ChargeLineRow>? current = null;
        await foreach (var line in stream.WithCancellation(cancellationToken))
        {
            if (current is null || current[0].PremisesId != line.PremisesId)
            {
                if (chunk.Count == BatchSize)
                {
                    var bills = await ComposeChunkAsync(run, payee, due, organisations, byCode, chunk, cancellationToken);
                    await writing;
                    await renewLease();
                    writing = WriteAsync(writer, bills, cancellationToken);
                    count += bills.Count;
                    chunk = new List<List<ChargeLineRow>>(BatchSize);
                }

                current = [];
                chunk.Add(current);
            }

            current.Add(line);
        }

        if (chunk.Count > 0)
        {
            var bills = await ComposeChunkAsync(run, payee, due, organisations, byCode, chunk, cancellationToken);
            await writing;
            writing = WriteAsync(writer, bills, cancellationToken);
            count += bills.Count;
        }

        await writing;
        return count;
    }

    private async Task<List<Bill>> ComposeChunkAsync(
        BillingRun run,
        BillPayee payee,
        DateOnly due,
        IReadOnlyDictionary<long, OrganisationDetails> organisations,
        IReadOnlyDictionary<string, IUtilityPlugin> byCode,
        List<List<ChargeLineRow>> chunk,
        CancellationToken cancellationToken)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var ids = chunk.Select(c => c[0].PremisesId).ToArray();
        var payers = await facts.PayersAsync(ids, cancellationToken);
        var tPayers = watch.ElapsedMilliseconds;
        var accounts = await BillLedger.ReadAsync(db, run.Period, ids, cancellationToken);
        var debtBlocks = await BillDebtBlocks.ReadAsync(db, run.Period, ids, cancellationToken);
        var metered = chunk.SelectMany(c => c).Where(l => l.MeterId != null).Select(l => l.AccountId).Distinct().ToList();
        var serials = metered.Count == 0 ? [] : (await meters.ForAccountsAsync(metered, cancellationToken)).ToDictionary(m => m.Id, m => m.Serial);
        var numbers = (await facts.AccountsAsync(chunk.SelectMany(c => c).Select(l => l.AccountId).Distinct().ToList(), cancellationToken))
            .ToDictionary(a => a.AccountId, a => a.Number);
        var funds = repairFund.FirstOrDefault() is { } statement
            ? await statement.BlocksAsync(run.Period, ids, cancellationToken)
            : new Dictionary<long, Utilities.RepairFund.RepairFundBillBlock>();
        var tLookups = watch.ElapsedMilliseconds;
        var bills = new List<Bill>(chunk.Count);
        var periodEnd = run.Period.AddMonths(1).AddDays(-1);
        foreach (var lines in chunk)
        {
            if (!payers.TryGetValue(lines[0].PremisesId, out var payer))
                continue;
            var document = Compose(run, payer, payee, due, lines, accounts.GetValueOrDefault(lines[0].PremisesId), organisations, byCode, serials, numbers);
            document = BillDebtBlocks.Apply(document, debtBlocks[lines[0].PremisesId], numbers);
            if (funds.TryGetValue(lines[0].PremisesId, out var fund))
                document = document with { RepairFund = RepairFundBlock(fund) };
            var isFinal = lines.Where(l => l.Kind == ChargeKind.Charge).All(l => l.LineTo < periodEnd);
            if (isFinal)
                document = document with { Notes = [.. document.Notes, "Итоговый счёт: договор расторгнут, начислено по день расторжения включительно."] };
            bills.Add(new Bill
            {
                Period = run.Period,
                PremisesId = lines[0].PremisesId,
                Number = document.Number,
                TotalDue = document.TotalDue,
                IsFinal = isFinal,
                RunId = run.Id,
                Document = JsonSerializer.Serialize(document, Json),
                CreatedAt = DateTimeOffset.UtcNow,
            });
        }

        logger.LogDebug("Bills chunk: payers {Payers} ms, lookups {Lookups} ms, compose {Compose} ms", tPayers, tLookups - tPayers, watch.ElapsedMilliseconds - tLookups);
        return bills;
    }

    internal static BillDocument Compose(
        BillingRun run,
        PremisesPayer payer,
        BillPayee payee,
        DateOnly due,
        IReadOnlyList<ChargeLineRow> lines,
        BillLedger? ledger,
        IReadOnlyDictionary<long, OrganisationDetails> organisations,
        IReadOnlyDictionary<string, IUtilityPlugin> plugins,
        IReadOnlyDictionary<long, string> serials,
        IReadOnlyDictionary<long, string> accountNumbers)
    {
        var services = new List<BillService>();
        foreach (var account in lines.GroupBy(l => (l.AccountId, l.Utility)).OrderBy(g => g.Key.Utility, StringComparer.Ordinal))
        {
            var plugin = plugins.GetValueOrDefault(account.Key.Utility);
            var unit = plugin?.Unit;
            var own = account.Where(l => l.Kind == ChargeKind.Charge).ToList();
            var charged = own.Sum(l => l.Amount);
            var recalculated = account.Where(l => l.Kind != ChargeKind.Charge).Sum(l => l.Amount);
            // The volume in the utility's own unit (hot water's heat component is in Gcal: not added to its m³).
            var volume = unit is null ? (decimal?)null : own.Where(l => l.Unit == unit.Code).Sum(l => l.Volume);
            services.Add(new BillService(
                plugin?.DisplayName.Russian ?? account.Key.Utility,
                accountNumbers.GetValueOrDefault(account.Key.AccountId, account.Key.AccountId.ToString(CultureInfo.InvariantCulture)),
                organisations.TryGetValue(account.First().SupplierId, out var supplier) ? supplier.Name : string.Empty,
                volume,
                unit?.Symbol.Russian ?? string.Empty,
                string.Join(", ", own.Select(l => (l.Component, l.Price)).Distinct().Select(p => $"{p.Price.ToString("N2", Ru)} ₽ ({p.Component})")),
                BasisText(own),
                charged,
                recalculated,
                charged + recalculated,
                account.Select(l => l.ExplanationRu).ToList()));
        }

        var recalculations = lines.Where(l => l.Kind != ChargeKind.Charge)
            .GroupBy(l => (l.Utility, l.ForPeriod, l.Reason))
            .Select(g => new BillRecalculation(plugins.GetValueOrDefault(g.Key.Utility)?.DisplayName.Russian ?? g.Key.Utility, g.Key.ForPeriod, g.Sum(l => l.Amount), g.Key.Reason ?? string.Empty))
            .ToList();
        var readings = lines.Where(l => l.Kind == ChargeKind.Charge && l.MeterId is not null)
            .GroupBy(l => (l.MeterId!.Value, l.Register, l.Utility))
            .Select(g => new BillMeterReading(
                plugins.GetValueOrDefault(g.Key.Utility)?.DisplayName.Russian ?? g.Key.Utility,
                serials.GetValueOrDefault(g.Key.Value, g.Key.Value.ToString(CultureInfo.InvariantCulture)),
                g.Key.Register ?? string.Empty,
                g.First().Opening,
                g.First().Closing,
                g.Where(l => l.Unit == (plugins.GetValueOrDefault(g.Key.Utility)?.Unit.Code ?? l.Unit)).Sum(l => l.Volume)))
            .ToList();
        var notes = new List<string>();
        if (lines.Any(l => l.Kind == ChargeKind.Charge && (l.LineFrom != run.Period || l.LineTo != run.Period.AddMonths(1).AddDays(-1))))
            notes.Add("При изменении тарифа в течение месяца объём распределён пропорционально числу дней действия каждой цены.");
        if (lines.Any(l => l.Basis == (short)VolumeBasis.Norm))
            notes.Add("Начисление по нормативу: число проживающих × норматив потребления × тариф (формула 4 Правил 354), с повышающим коэффициентом, где он указан.");
        if (lines.Any(l => l.Basis == (short)VolumeBasis.Average))
            notes.Add("Начисление по среднему: среднемесячный объём по показаниям не менее чем за 6 месяцев (п. 59 Правил 354).");
        var servicesTotal = services.Sum(s => s.Total);
        // What is due is what the ledger says (months up to this one, advance included); the opening
        // balance is what that leaves after this month's own movements, so the form's sum holds.
        ledger ??= new BillLedger(servicesTotal, 0, 0, 0, null);
        var openingBalance = ledger.Due - servicesTotal - ledger.Penalties - ledger.InstalmentDue + ledger.Payments;
        return new BillDocument
        {
            Number = $"{run.Period:yyyy-MM}/{payer.PayerCode}",
            Period = run.Period,
            IssuedOn = DateOnly.FromDateTime(DateTime.UtcNow),
            DueDate = due,
            Payer = new BillPayer(payer.FullName, payer.Address, payer.PayerCode, payer.Area, payer.Residents),
            Payee = payee,
            Services = services,
            Recalculations = recalculations,
            Meters = readings,
            Notes = notes,
            OpeningBalance = openingBalance,
            Payments = ledger.Payments,
            PaymentsCountedUpTo = ledger.CountedUpTo,
            Penalties = ledger.Penalties,
            InstalmentDue = ledger.InstalmentDue,
            TotalDue = ledger.Due,
        };
    }

    /// <summary>The Repair fund module's block as the bill stores it; a special account brings its own payee (and QR code).</summary>
    internal static BillRepairFundBlock RepairFundBlock(Utilities.RepairFund.RepairFundBillBlock b) => new(
        b.Payee is { } p ? new BillPayee(p.Name, p.Inn, p.Kpp, p.BankName, p.Bic, p.CorrespondentAccount, p.SettlementAccount) : null,
        b.Rate, b.Area, b.Charged, b.Recalculation, b.Penalties, b.Due);

    private static string BasisText(IReadOnlyList<ChargeLineRow> lines) => lines.Select(l => l.Basis).Distinct().Order().Select(b => (VolumeBasis)b switch
    {
        VolumeBasis.Measured => "по счётчику",
        VolumeBasis.Average => "по среднему",
        VolumeBasis.Norm => "по нормативу",
        _ => "по общедомовому счётчику",
    }).DefaultIfEmpty(string.Empty).Aggregate((a, b) => a + ", " + b);

    private static async Task WriteAsync(BillingDbContext db, List<Bill> bills, CancellationToken cancellationToken)
    {
        if (bills.Count == 0)
            return;
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            var connection = (NpgsqlConnection)db.Database.GetDbConnection();
            await using var copy = await connection.BeginBinaryImportAsync(
                "copy billing.bills (period, premises_id, number, total_due, is_final, run_id, document, created_at) from stdin (format binary)", cancellationToken);
            foreach (var bill in bills)
            {
                copy.StartRow();
                copy.Write(bill.Period, NpgsqlDbType.Date);
                copy.Write(bill.PremisesId, NpgsqlDbType.Bigint);
                copy.Write(bill.Number, NpgsqlDbType.Varchar);
                copy.Write(bill.TotalDue, NpgsqlDbType.Numeric);
                copy.Write(bill.IsFinal, NpgsqlDbType.Boolean);
                copy.Write(bill.RunId, NpgsqlDbType.Bigint);
                copy.Write(bill.Document, NpgsqlDbType.Json);
                copy.Write(bill.CreatedAt, NpgsqlDbType.TimestampTz);
            }

            await copy.CompleteAsync(cancellationToken);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
