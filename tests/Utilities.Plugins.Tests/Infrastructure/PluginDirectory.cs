namespace Utilities.Plugins.Tests.Infrastructure;

/// <summary>
/// A plugins directory of a test's own, made of real plugin folders from the build output
/// (<c>plugins/</c>: the four utility plugins; <c>fixture-plugins/</c>: the fixtures) and of
/// deliberately broken folders. Deleted at the end.
/// </summary>
public sealed class PluginDirectory : IDisposable
{
    public static string HostPlugins => System.IO.Path.Combine(AppContext.BaseDirectory, "plugins");

    public static string FixturePlugins => System.IO.Path.Combine(AppContext.BaseDirectory, "fixture-plugins");

    public const string OldSdkFixture = "Utilities.Plugins.Fixture.OldSdk";

    public const string GasFixture = "Utilities.Plugins.Fixture.Gas";

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "utilities-plugins-" + Guid.NewGuid().ToString("N")[..8]);

    public PluginDirectory() => Directory.CreateDirectory(Path);

    public PluginDirectory WithHostPlugins()
    {
        foreach (var folder in Directory.GetDirectories(HostPlugins))
            CopyFolder(folder, System.IO.Path.GetFileName(folder));
        return this;
    }

    public PluginDirectory WithFixture(string name)
    {
        CopyFolder(System.IO.Path.Combine(FixturePlugins, name), name);
        return this;
    }

    /// <summary>A real plugin folder copied under another name, its assembly renamed to match.</summary>
    public PluginDirectory WithCopyOf(string name, string newName)
    {
        var target = System.IO.Path.Combine(Path, newName);
        Directory.CreateDirectory(target);
        File.Copy(System.IO.Path.Combine(HostPlugins, name, name + ".dll"), System.IO.Path.Combine(target, newName + ".dll"));
        return this;
    }

    /// <summary>A folder with a file of the right name that is no assembly at all.</summary>
    public PluginDirectory WithCorruptAssembly(string name)
    {
        var folder = Directory.CreateDirectory(System.IO.Path.Combine(Path, name));
        File.WriteAllBytes(System.IO.Path.Combine(folder.FullName, name + ".dll"), [0x4D, 0x5A, 0x00, 0x01, 0x02, 0x03, 0x04, 0x05]);
        return this;
    }

    /// <summary>A real plugin folder whose deps.json was cut short.</summary>
    public PluginDirectory WithTruncatedDepsJson(string name, string newName)
    {
        WithCopyOf(name, newName);
        File.WriteAllText(System.IO.Path.Combine(Path, newName, newName + ".deps.json"), "{ \"runtimeTarget\": ");
        return this;
    }

    /// <summary>A folder without its assembly (a half-copied deployment).</summary>
    public PluginDirectory WithEmptyFolder(string name)
    {
        var folder = Directory.CreateDirectory(System.IO.Path.Combine(Path, name));
        File.WriteAllText(System.IO.Path.Combine(folder.FullName, "readme.txt"), "nothing here");
        return this;
    }

    private void CopyFolder(string source, string name)
    {
        foreach (var file in Directory.GetFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = System.IO.Path.Combine(Path, name, System.IO.Path.GetRelativePath(source, file));
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // Loaded plugin assemblies stay mapped for the life of the process on some systems.
        }
    }
}
