using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Npgsql;
using Utilities.Contracts.Accounts;
using Utilities.Contracts.ContactChanges;
using Utilities.Contracts.Data;
using Utilities.Contracts.Events;
using Utilities.Contracts.Identity;
using Utilities.Contracts.Resources;
using Utilities.Platform.Auditing;
using Utilities.Platform.Identity;
using Utilities.Platform.Messaging;
using Utilities.Platform.Settings;
using Utilities.Platform.Time;
using Utilities.Plugins.Sdk;

namespace Utilities.Contracts.Conclude;

/// <summary>A service chosen at conclusion, with the supplier the operator picked (null: the default).</summary>
internal sealed record ChosenService(string Utility, long? SupplierId);

/// <summary>New premises in an existing building (ignored when the building already has premises with that number).</summary>
internal sealed record NewPremises(decimal? Area, int? Rooms, int? Residents);

/// <summary>A new consumer (ignored when <see cref="ConcludeRequest.ConsumerId"/> is given).</summary>
internal sealed record NewConsumer(string? FullName, string? Email, string? Phone);

internal sealed record ConcludeRequest(
    Guid IdempotencyKey,
    long? ConsumerId,
    NewConsumer Consumer,
    string? BuildingAddress,
    string? PremisesNumber,
    NewPremises Premises,
    IReadOnlyList<ChosenService> Services,
    DateOnly? StartsOn,
    string? ContractNumber,
    bool Deemed);

internal sealed record ConcludeResult(long? ContractId, bool AlreadyConcluded, string? ActivationCode, string? Error)
{
    public bool Succeeded => ContractId is not null;

    public static ConcludeResult Failed(string error) => new(null, false, null, error);
}

/// <summary>
/// Concludes a contract in the office (or registers a deemed one): the consumer (new or existing),
/// the premises (existing, or new in an existing building), one account per chosen service with
/// its attach code, the printed cabinet activation code and <see cref="ContractConcluded"/>, all
/// in one transaction. Anything wrong gives a message and writes nothing. The form's idempotency
/// key makes a double submit find the first contract instead of making a second.
/// </summary>
internal sealed partial class ConcludeCommand(
    Cabinet.DashboardCache dashboards,
    ContractsDbContext db,
    IClock clock,
    ISettings settings,
    ICurrentUser user,
    IAuditLog audit,
    OneTimeCodes codes,
    IEnumerable<IUtilityPlugin> plugins,
    IStringLocalizer<ContractsText> text)
{
    public const int MaxYearsBack = 3;

    public async Task<ConcludeResult> ExecuteAsync(ConcludeRequest request, CancellationToken cancellationToken)
    {
        if (await ExistingAsync(request.IdempotencyKey, cancellationToken) is { } done)
            return new ConcludeResult(done, true, null, null);

        var plan = await PlanAsync(request, cancellationToken);
        if (plan.Error is not null)
            return ConcludeResult.Failed(plan.Error);

        try
        {
            return await WriteAsync(request, plan, cancellationToken);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } pg)
        {
            db.ChangeTracker.Clear();
            if (await ExistingAsync(request.IdempotencyKey, cancellationToken) is { } concurrent)
                return new ConcludeResult(concurrent, true, null, null);
            return ConcludeResult.Failed(pg.ConstraintName == "ux_contracts_number"
                ? text["Conclude_NumberTaken", plan.ContractNumber ?? string.Empty]
                : text["Conclude_Conflict"]);
        }
    }

    private async Task<long?> ExistingAsync(Guid key, CancellationToken cancellationToken) =>
        key == Guid.Empty
            ? null
            : await db.Contracts.Where(c => c.IdempotencyKey == key).Select(c => (long?)c.Id).FirstOrDefaultAsync(cancellationToken);

    private sealed class Plan
    {
        public string? Error { get; set; }

        public Consumer? ExistingConsumer { get; set; }

        public string? Name { get; set; }

        public string? Email { get; set; }

        public string? Phone { get; set; }

        public Building Building { get; set; } = null!;

        public Premises? ExistingPremises { get; set; }

        public string PremisesNumber { get; set; } = string.Empty;

        public List<(string Utility, long SupplierId)> Services { get; } = [];

        public DateOnly StartsOn { get; set; }

        public string? ContractNumber { get; set; }
    }

    private async Task<Plan> PlanAsync(ConcludeRequest r, CancellationToken cancellationToken)
    {
        var plan = new Plan();
        string Fail(string key, params object[] args) => plan.Error = text[key, args];

        var known = plugins.Select(p => p.Code).ToHashSet(StringComparer.Ordinal);
        var chosen = r.Services.Where(s => !string.IsNullOrEmpty(s.Utility)).DistinctBy(s => s.Utility).ToList();
        if (chosen.Count == 0)
        {
            Fail("Conclude_NoServices");
            return plan;
        }

        if (chosen.FirstOrDefault(s => !known.Contains(s.Utility)) is { } unknown)
        {
            Fail("Conclude_UnknownService", unknown.Utility);
            return plan;
        }

        var today = await clock.TodayAsync(cancellationToken);
        if (r.StartsOn is not { } startsOn)
        {
            Fail("Conclude_NoDate");
            return plan;
        }

        if (startsOn > today.AddYears(1) || startsOn < today.AddYears(-MaxYearsBack))
        {
            Fail("Conclude_DateOutOfRange", Date(today.AddYears(-MaxYearsBack)), Date(today.AddYears(1)));
            return plan;
        }

        plan.StartsOn = startsOn;

        // The consumer: an existing one, or a new one with valid, unused contacts.
        if (r.ConsumerId is { } consumerId)
        {
            plan.ExistingConsumer = await db.Consumers.FirstOrDefaultAsync(k => k.Id == consumerId, cancellationToken);
            if (plan.ExistingConsumer is null)
            {
                Fail("Conclude_NoConsumer");
                return plan;
            }
        }
        else
        {
            plan.Name = CollapseSpaces(r.Consumer.FullName);
            if (plan.Name.Length is < 3 or > 300 || !plan.Name.Any(char.IsLetter))
            {
                Fail("Conclude_NoName");
                return plan;
            }

            if (!string.IsNullOrWhiteSpace(r.Consumer.Email))
            {
                plan.Email = EmailAddresses.Normalize(r.Consumer.Email);
                if (plan.Email is null)
                {
                    Fail("Contact_BadEmail", r.Consumer.Email.Trim());
                    return plan;
                }
            }

            if (!string.IsNullOrWhiteSpace(r.Consumer.Phone))
            {
                plan.Phone = Phones.Normalize(r.Consumer.Phone);
                if (plan.Phone is null)
                {
                    Fail("Contact_BadPhone", r.Consumer.Phone.Trim());
                    return plan;
                }
            }

            if (await ContactUse.TakenAsync(db, null, plan.Email, plan.Phone, cancellationToken) is { } taken)
            {
                Fail(taken.Kind == "email" ? "Contact_EmailTaken" : "Contact_PhoneTaken", taken.Value, taken.ContractNumber ?? "—");
                return plan;
            }
        }

        // The premises: by building and number; new premises need their facts.
        var address = CollapseSpaces(r.BuildingAddress);
        var building = address.Length == 0 ? null : await db.Buildings.FirstOrDefaultAsync(b => b.Address.ToLower() == address.ToLower(), cancellationToken);
        if (building is null)
        {
            Fail(address.Length == 0 ? "Conclude_NoBuilding" : "Conclude_UnknownBuilding", address);
            return plan;
        }

        plan.Building = building;
        plan.PremisesNumber = CollapseSpaces(r.PremisesNumber);
        if (plan.PremisesNumber.Length is 0 or > 20)
        {
            Fail("Conclude_NoPremisesNumber");
            return plan;
        }

        plan.ExistingPremises = await db.Premises.FirstOrDefaultAsync(p => p.BuildingId == building.Id && p.Number == plan.PremisesNumber, cancellationToken);
        if (plan.ExistingPremises is null
            && (r.Premises.Area is not { } area || area <= 0m || area >= 10_000m || area != Math.Round(area, 2)
                || r.Premises.Residents is not ({ } residents and >= 0 and <= 50)
                || r.Premises.Rooms is not ({ } rooms and >= 1 and <= 50)))
        {
            Fail("Conclude_NewPremisesFacts", plan.PremisesNumber);
            return plan;
        }

        // Nothing already served there: one account per premises and service at a time.
        if (plan.ExistingPremises is { } premises)
        {
            var utilities = chosen.Select(s => s.Utility).ToList();
            var served = await db.Accounts
                .Where(a => a.PremisesId == premises.Id && utilities.Contains(a.Utility) && (a.ClosedOn == null || a.ClosedOn >= startsOn))
                .OrderBy(a => a.Number)
                .Select(a => new { a.Utility, a.Number })
                .ToListAsync(cancellationToken);
            if (served.Count > 0)
            {
                Fail("Conclude_AlreadyServed", string.Join(", ", served.Select(s => $"{text["Utility_" + s.Utility]} ({s.Number})")));
                return plan;
            }
        }

        // Suppliers: the one chosen, or the one that serves the utility in the building, or the only one.
        var suppliers = await db.Organisations.Where(o => o.Kind == "supplier").Select(o => o.Id).ToListAsync(cancellationToken);
        foreach (var service in chosen)
        {
            long? supplier = service.SupplierId;
            if (supplier is { } id && !suppliers.Contains(id))
            {
                Fail("Conclude_UnknownSupplier", text["Utility_" + service.Utility]);
                return plan;
            }

            supplier ??= await BuildingSupplierAsync(building.Id, service.Utility, cancellationToken)
                ?? (suppliers.Count == 1 ? suppliers[0] : null);
            if (supplier is null)
            {
                Fail("Conclude_ChooseSupplier", text["Utility_" + service.Utility]);
                return plan;
            }

            plan.Services.Add((service.Utility, supplier.Value));
        }

        // The contract number: typed (a paper or deemed contract) or the next one.
        if (!string.IsNullOrWhiteSpace(r.ContractNumber))
        {
            var number = CollapseSpaces(r.ContractNumber).ToUpperInvariant();
            if (number.Length > 40 || !NumberPattern().IsMatch(number))
            {
                Fail("Conclude_BadNumber", number);
                return plan;
            }

            if (await db.Contracts.AnyAsync(c => c.Number == number, cancellationToken))
            {
                Fail("Conclude_NumberTaken", number);
                return plan;
            }

            plan.ContractNumber = number;
        }

        return plan;
    }

    /// <summary>The supplier of the most recently opened account for the utility in the building.</summary>
    internal Task<long?> BuildingSupplierAsync(long buildingId, string utility, CancellationToken cancellationToken) =>
        (from a in db.Accounts
         join p in db.Premises on a.PremisesId equals p.Id
         where p.BuildingId == buildingId && a.Utility == utility && a.ClosedOn == null
         orderby a.Id descending
         select (long?)a.SupplierId).FirstOrDefaultAsync(cancellationToken);

    private async Task<ConcludeResult> WriteAsync(ConcludeRequest request, Plan plan, CancellationToken cancellationToken)
    {
        var now = clock.Now;
        var by = StaffId();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        if (plan.ExistingPremises is { } locked)
        {
            // Two operators at once: the premises row is the lock, and "already served" is checked again under it.
            await db.Database.ExecuteSqlAsync($"select 1 from contracts.premises where id = {locked.Id} for update", cancellationToken);
            if (await ExistingAsync(request.IdempotencyKey, cancellationToken) is { } done)
                return new ConcludeResult(done, true, null, null); // the same form, submitted twice at once
            var utilities = plan.Services.Select(s => s.Utility).ToList();
            if (await db.Accounts.AnyAsync(a => a.PremisesId == locked.Id && utilities.Contains(a.Utility) && (a.ClosedOn == null || a.ClosedOn >= plan.StartsOn), cancellationToken))
                return ConcludeResult.Failed(text["Conclude_Conflict"]);
        }

        var consumer = plan.ExistingConsumer ?? new Consumer { FullName = plan.Name!, Email = plan.Email, Phone = plan.Phone, CreatedAt = now };
        if (plan.ExistingConsumer is null)
            db.Consumers.Add(consumer);
        var premises = plan.ExistingPremises;
        if (premises is null)
        {
            var payerCode = await NewPayerCodeAsync(cancellationToken);
            premises = new Premises
            {
                BuildingId = plan.Building.Id,
                Number = plan.PremisesNumber,
                Area = request.Premises.Area!.Value,
                Rooms = request.Premises.Rooms!.Value,
                Residents = request.Premises.Residents!.Value,
                PayerCode = payerCode,
            };
            db.Premises.Add(premises);
        }

        await db.SaveChangesAsync(cancellationToken);

        var number = plan.ContractNumber ?? await NewContractNumberAsync(plan.StartsOn, cancellationToken);
        var contract = new Contract
        {
            Number = number,
            ConsumerId = consumer.Id,
            PremisesId = premises.Id,
            ConcludedOn = plan.StartsOn,
            Deemed = request.Deemed,
            CreatedAt = now,
            CreatedBy = by,
            IdempotencyKey = request.IdempotencyKey == Guid.Empty ? null : request.IdempotencyKey,
        };
        db.Contracts.Add(contract);
        await db.SaveChangesAsync(cancellationToken);

        var numbers = await NewAccountNumbersAsync(plan.Services.Count, cancellationToken);
        var accounts = plan.Services.Select((s, i) => new PersonalAccount
        {
            Number = numbers[i],
            ContractId = contract.Id,
            PremisesId = premises.Id,
            Utility = s.Utility,
            SupplierId = s.SupplierId,
            OpenedOn = plan.StartsOn,
            AttachCode = AttachCode.New(),
        }).ToList();
        db.Accounts.AddRange(accounts);
        await db.SaveChangesAsync(cancellationToken);

        // The printed activation code, unless the consumer's cabinet is already active.
        var activated = await db.Logins.AnyAsync(l => l.ConsumerId == consumer.Id && l.ActivatedAt != null, cancellationToken);
        var code = activated ? null : await codes.IssueAsync(consumer.Id, CodePurpose.Activation, "printed", null, cancellationToken);

        db.Publish(new ContractConcluded(contract.Id, contract.Number, consumer.Id, premises.Id, premises.BuildingId, contract.ConcludedOn, contract.Deemed,
            accounts.Select(a => new ContractAccount(a.Id, a.Number, a.Utility, a.SupplierId)).ToList()), now);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        dashboards.ForgetConsumer(consumer.Id);
        dashboards.ForgetPremises([premises.Id]);

        await audit.WriteAsync(contract.Deemed ? "contract.deemed-registered" : "contract.concluded", $"contract:{contract.Id}",
            $"{contract.Number}: premises {premises.Id}, consumer {consumer.Id}, accounts {string.Join(", ", accounts.Select(a => $"{a.Number} {a.Utility}"))}",
            cancellationToken);
        return new ConcludeResult(contract.Id, false, code, null);
    }

    private async Task<string> NewContractNumberAsync(DateOnly startsOn, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var serial = (await NextAsync("contract_number_seq", 1, cancellationToken))[0];
            var number = string.Create(CultureInfo.InvariantCulture, $"Д-{startsOn.Year}/{serial:D6}");
            if (attempt >= 20 || !await db.Contracts.AnyAsync(c => c.Number == number, cancellationToken))
                return number;
        }
    }

    /// <summary>
    /// Account numbers from the sequence. Accounts loaded with explicit numbers (demo data, an
    /// import) may be ahead of it: on a clash the sequence is moved past the largest number once.
    /// </summary>
    private async Task<List<string>> NewAccountNumbersAsync(int count, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var numbers = (await NextAsync("account_number_seq", count, cancellationToken)).Select(n => n.ToString(CultureInfo.InvariantCulture)).ToList();
            if (attempt > 0 || !await db.Accounts.AnyAsync(a => numbers.Contains(a.Number), cancellationToken))
                return numbers;
            await db.Database.ExecuteSqlRawAsync("""
                select setval('contracts.account_number_seq', greatest(
                    (select last_value from contracts.account_number_seq),
                    (select coalesce(max(number::bigint), 0) from contracts.personal_accounts where number ~ '^[0-9]+$' and length(number) <= 18)))
                """, cancellationToken);
        }
    }

    /// <summary>A payer code (ЕЛС) for new premises: the prefix and the next serial, moved past loaded codes on a clash.</summary>
    private async Task<string> NewPayerCodeAsync(CancellationToken cancellationToken)
    {
        var prefix = (await settings.GetCurrentAsync(ContractsSettings.PayerCodePrefix, cancellationToken)).Trim();
        if (prefix.Length > 14)
            prefix = prefix[..14];
        for (var attempt = 0; ; attempt++)
        {
            var code = prefix + (await NextAsync("payer_code_seq", 1, cancellationToken))[0].ToString("D6", CultureInfo.InvariantCulture);
            if (attempt > 0 || !await db.Premises.AnyAsync(p => p.PayerCode == code, cancellationToken))
                return code;
            await db.Database.ExecuteSqlRawAsync("""
                select setval('contracts.payer_code_seq', greatest(
                    (select last_value from contracts.payer_code_seq),
                    (select coalesce(max(right(payer_code, 6)::bigint), 0) from contracts.premises where right(payer_code, 6) ~ '^[0-9]+$')))
                """, cancellationToken);
        }
    }

    private async Task<List<long>> NextAsync(string sequence, int count, CancellationToken cancellationToken)
    {
        var name = "contracts." + sequence;
        return await db.Database
            .SqlQuery<long>($"select nextval({name}::regclass) as \"Value\" from generate_series(1, {count})")
            .ToListAsync(cancellationToken);
    }

    private string StaffId() => user.Id ?? "staff:unknown";

    private static string Date(DateOnly date) => date.ToString("dd.MM.yyyy", CultureInfo.CurrentCulture);

    internal static string CollapseSpaces(string? value) => string.Join(' ', (value ?? string.Empty).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    [GeneratedRegex(@"^[\p{L}\p{Nd}][\p{L}\p{Nd}\-/.№ ]*$")]
    private static partial Regex NumberPattern();
}
