using System.Text;
using Microsoft.EntityFrameworkCore;
using Utilities.Contracts.Data;

namespace Utilities.Contracts.Directory;

/// <summary>Resolves what payments name with one indexed query per kind of reference (bulk: a bank registry).</summary>
internal sealed class PaymentReferences(ContractsDbContext db) : IPaymentReferences
{
    private static readonly HashSet<string> AddressWords = new(StringComparer.Ordinal)
    {
        "г", "город", "ул", "улица", "д", "дом", "кв", "квартира", "пр", "пр-т", "проспект", "пер", "переулок", "обл", "область", "р-н", "рн", "район",
    };

    public async Task<IReadOnlyDictionary<string, PaymentReference>> ResolveAsync(IReadOnlyCollection<string> references, CancellationToken cancellationToken)
    {
        var wanted = references.Select(r => r.Trim()).Where(r => r.Length is > 0 and <= 40).Distinct(StringComparer.Ordinal).ToArray();
        var result = new Dictionary<string, PaymentReference>(StringComparer.Ordinal);
        if (wanted.Length == 0)
            return result;
        foreach (var p in await db.Premises.AsNoTracking().Where(p => wanted.Contains(p.PayerCode)).Select(p => new { p.Id, p.PayerCode }).ToListAsync(cancellationToken))
            result[p.PayerCode] = new PaymentReference(p.PayerCode, PaymentReferenceKind.PayerCode, p.Id, null, p.PayerCode);
        var rest = wanted.Where(r => !result.ContainsKey(r)).ToArray();
        if (rest.Length > 0)
        {
            var accounts = await (from a in db.Accounts
                                  join p in db.Premises on a.PremisesId equals p.Id
                                  where rest.Contains(a.Number)
                                  select new { a.Id, a.Number, a.PremisesId, p.PayerCode }).AsNoTracking().ToListAsync(cancellationToken);
            foreach (var a in accounts)
                result[a.Number] = new PaymentReference(a.Number, PaymentReferenceKind.Account, a.PremisesId, a.Id, a.PayerCode);
            rest = rest.Where(r => !result.ContainsKey(r)).ToArray();
        }

        if (rest.Length > 0)
        {
            var contracts = await (from c in db.Contracts
                                   join p in db.Premises on c.PremisesId equals p.Id
                                   where rest.Contains(c.Number)
                                   select new { c.Number, c.PremisesId, p.PayerCode }).AsNoTracking().ToListAsync(cancellationToken);
            foreach (var c in contracts)
                result[c.Number] = new PaymentReference(c.Number, PaymentReferenceKind.Contract, c.PremisesId, null, c.PayerCode);
        }

        return result;
    }

    public async Task<IReadOnlyDictionary<string, PaymentReference>> ResolveAddressesAsync(IReadOnlyCollection<string> addresses, CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, PaymentReference>(StringComparer.Ordinal);
        var parsed = addresses.Distinct(StringComparer.Ordinal)
            .Select(a => (Address: a, Parts: Split(a)))
            .Where(a => a.Parts is not null)
            .ToList();
        if (parsed.Count == 0)
            return result;
        // Buildings are few (thousands): their addresses are normalised here, not in SQL, with the same code as the input.
        var buildings = (await db.Buildings.AsNoTracking().Select(b => new { b.Id, b.Address }).ToListAsync(cancellationToken))
            .Select(b => (b.Id, Key: string.Join(' ', Tokens(b.Address))))
            .ToList();
        var exact = buildings.GroupBy(b => b.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(b => b.Id).ToList(), StringComparer.Ordinal);
        var wanted = new List<(string Address, long BuildingId, string Flat)>();
        foreach (var (address, parts) in parsed)
        {
            var (building, flat) = parts!.Value;
            var ids = exact.GetValueOrDefault(building)
                ?? buildings.Where(b => b.Key.EndsWith(" " + building, StringComparison.Ordinal)).Select(b => b.Id).ToList();
            if (ids.Count == 1)
                wanted.Add((address, ids[0], flat));
        }

        if (wanted.Count == 0)
            return result;
        var buildingIds = wanted.Select(w => w.BuildingId).Distinct().ToArray();
        var flats = wanted.Select(w => w.Flat).Distinct(StringComparer.Ordinal).ToArray();
        var premises = (await db.Premises.AsNoTracking()
                .Where(p => buildingIds.Contains(p.BuildingId) && flats.Contains(p.Number.ToLower()))
                .Select(p => new { p.Id, p.BuildingId, p.Number, p.PayerCode }).ToListAsync(cancellationToken))
            .GroupBy(p => (p.BuildingId, p.Number.ToLowerInvariant()))
            .Where(g => g.Count() == 1) // "5а" and "5А" in one building: ambiguous, left unmatched
            .ToDictionary(g => g.Key, g => g.Single());
        foreach (var (address, buildingId, flat) in wanted)
        {
            if (premises.TryGetValue((buildingId, flat), out var p))
                result[address] = new PaymentReference(address, PaymentReferenceKind.Address, p.Id, null, p.PayerCode);
        }

        return result;
    }

    public async Task<IReadOnlyDictionary<long, IReadOnlyList<PremisesAccount>>> AccountsOfPremisesAsync(IReadOnlyCollection<long> premisesIds, CancellationToken cancellationToken)
    {
        var ids = premisesIds.Distinct().ToArray();
        var accounts = await db.Accounts.AsNoTracking().Where(a => ids.Contains(a.PremisesId)).OrderBy(a => a.Id)
            .Select(a => new PremisesAccount(a.Id, a.Number, a.Utility, a.SupplierId, a.PremisesId, a.OpenedOn, a.ClosedOn))
            .ToListAsync(cancellationToken);
        return accounts.GroupBy(a => a.PremisesId).ToDictionary(g => g.Key, g => (IReadOnlyList<PremisesAccount>)g.ToList());
    }

    /// <summary>The building part and the flat of an address; null without a flat number.</summary>
    internal static (string Building, string Flat)? Split(string address)
    {
        var raw = Raw(address);
        var flatAt = raw.FindLastIndex(t => t is "кв" or "квартира");
        string flat;
        List<string> building;
        if (flatAt >= 0 && flatAt + 1 < raw.Count)
        {
            flat = raw[flatAt + 1];
            building = raw.Take(flatAt).ToList();
        }
        else if (raw.Count >= 2)
        {
            flat = raw[^1];
            building = raw.Take(raw.Count - 1).ToList();
        }
        else
        {
            return null;
        }

        var key = string.Join(' ', building.Where(t => !AddressWords.Contains(t)));
        return key.Length == 0 ? null : (key, flat);
    }

    internal static IEnumerable<string> Tokens(string address) => Raw(address).Where(t => !AddressWords.Contains(t));

    private static List<string> Raw(string address)
    {
        var text = new StringBuilder(address.Length);
        foreach (var c in address.ToLowerInvariant().Replace('ё', 'е'))
            text.Append(char.IsLetterOrDigit(c) || c == '/' || c == '-' ? c : ' ');
        return text.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
    }
}
