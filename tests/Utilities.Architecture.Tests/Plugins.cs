using Utilities.Plugins.Sdk;

namespace Utilities.Architecture.Tests;

/// <summary>
/// The plugins as the build places them next to this test's output (plugins/&lt;Name&gt;/&lt;Name&gt;.dll,
/// brought by the host reference), and their projects in the working tree.
/// </summary>
internal static class Plugins
{
    public static string SdkName => typeof(IUtilityPlugin).Assembly.GetName().Name!;

    public static string Folder => Path.Combine(AppContext.BaseDirectory, "plugins");

    public static IReadOnlyList<string> Names { get; } =
        Directory.GetDirectories(Folder).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList()!;

    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>Every project under plugins/ but the SDK.</summary>
    public static IReadOnlyList<string> PluginProjects =>
        Directory.GetFiles(Path.Combine(RepositoryRoot, "plugins"), "*.csproj", SearchOption.AllDirectories)
            .Where(p => Path.GetFileNameWithoutExtension(p) != SdkName)
            .Order(StringComparer.Ordinal)
            .ToList();

    public static string SdkProject => Path.Combine(RepositoryRoot, "plugins", SdkName, SdkName + ".csproj");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Utilities.sln")))
                return dir.FullName;
        }

        throw new InvalidOperationException("Utilities.sln not found above " + AppContext.BaseDirectory);
    }
}
