using System.Security.Cryptography;

namespace Utilities.Contracts.Accounts;

/// <summary>
/// The code printed next to the account number on the contract and on every bill. Eight
/// characters from an alphabet without look-alikes (no 0/O, 1/I), about 40 bits: with the attempt
/// limit of the attach form it cannot be guessed.
/// </summary>
internal static class AttachCode
{
    private const string Alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    public const int Length = 8;

    public static string New() => new(RandomNumberGenerator.GetItems<char>(Alphabet, Length));

    /// <summary>As people type it: any case, spaces and dashes ignored.</summary>
    public static string Normalize(string? typed) =>
        new((typed ?? string.Empty).Where(c => !char.IsWhiteSpace(c) && c != '-').Select(char.ToUpperInvariant).ToArray());
}
