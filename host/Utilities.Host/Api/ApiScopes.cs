using System.Text;
using Utilities.Platform.Modules;

namespace Utilities.Host.Api;

/// <summary>
/// Scopes of API keys: <c>&lt;module&gt;:read</c> for reading a module's data and
/// <c>&lt;module&gt;:write</c> for changing it, the module written in kebab case
/// (<c>contracts:read</c>, <c>repair-fund:write</c>).
/// </summary>
internal static class ApiScopes
{
    public const string Read = "read";
    public const string Write = "write";

    public static string For(string moduleName, string access) => $"{Kebab(moduleName)}:{access}";

    /// <summary>Every scope the enabled modules offer, in module order: read, then write.</summary>
    public static IReadOnlyList<string> Offered(IEnumerable<IModule> modules) =>
        modules.SelectMany(m => new[] { For(m.Name, Read), For(m.Name, Write) }).ToList();

    /// <summary>Reads change nothing: GET, HEAD and OPTIONS need the read scope, anything else the write scope.</summary>
    public static string AccessOf(string method) =>
        HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) ? Read : Write;

    private static string Kebab(string name)
    {
        var text = new StringBuilder(name.Length + 4);
        foreach (var c in name)
        {
            if (char.IsUpper(c) && text.Length > 0)
                text.Append('-');
            text.Append(char.ToLowerInvariant(c));
        }

        return text.ToString();
    }
}
