using System.Text;

namespace Utilities.Contracts.Generation;

/// <summary>Cyrillic to Latin letters for generated e-mail addresses (Фёдоров → fedorov, Щукин → shchukin).</summary>
internal static class Transliteration
{
    private static readonly string[] Letters =
    [
        "a", "b", "v", "g", "d", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p",
        "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya",
    ];

    /// <summary>Lower-case Latin; letters other than Russian ones are dropped.</summary>
    public static string ToLatin(string text)
    {
        var result = new StringBuilder(text.Length + 4);
        foreach (var c in text)
        {
            var lower = char.ToLowerInvariant(c);
            if (lower == 'ё')
                result.Append('e');
            else if (lower is >= 'а' and <= 'я')
                result.Append(Letters[lower - 'а']);
            else if (lower is >= 'a' and <= 'z')
                result.Append(lower);
        }

        return result.ToString();
    }
}
