namespace Utilities.Host.Tests.Infrastructure;

/// <summary>Paths in the working tree the tests run from.</summary>
public static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string HostProject => Path.Combine(Root, "host", "Utilities.Host");

    /// <summary>The host as ./run.sh starts it (built by ./test.sh before the tests run).</summary>
    public static string HostDll => Path.Combine(HostProject, "bin", "Debug", "net10.0", "Utilities.Host.dll");

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
