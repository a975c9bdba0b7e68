// MSBuild task, compiled by RoslynCodeTaskFactory (see MLGan.targets next to this file).
//
// TorchSharp 0.107's libLibTorchSharp.so asks for GLIBCXX_3.4.32 (GCC 13) for a single symbol,
// std::ios_base_library_init, which older C++ runtimes (Debian 12: up to 3.4.30) do not have, so
// the library fails to load. Marking that one version requirement weak (VER_FLG_WEAK in the ELF
// .gnu.version_r section) lets the dynamic loader accept the file; the rest of the library only
// needs versions the system has. The task patches copies in the build output, never the package
// cache, and only when the system C++ runtime lacks the version.
using System;
using System.IO;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

public sealed class WeakenGlibcxxRequirement : Task
{
    private const uint SectionTypeVerneed = 0x6ffffffe;
    private const ushort VersionFlagWeak = 0x2;

    /// <summary>Shared objects to check and, where needed, patch in place.</summary>
    [Required]
    public ITaskItem[] Files { get; set; } = Array.Empty<ITaskItem>();

    /// <summary>The version requirement to weaken.</summary>
    public string Version { get; set; } = "GLIBCXX_3.4.32";

    public override bool Execute()
    {
        if (SystemRuntimeHasVersion())
        {
            Log.LogMessage(MessageImportance.Low, $"The system C++ runtime provides {Version}; no native patch needed.");
            return true;
        }

        foreach (var item in Files)
        {
            var path = item.ItemSpec;
            if (!File.Exists(path))
                continue;
            try
            {
                byte[] bytes = File.ReadAllBytes(path);
                int changed = Weaken(bytes, Version);
                if (changed == 0)
                    continue;
                // Write a new file and move it over the old one, so a hard link into the package cache is never modified.
                var stamp = File.GetLastWriteTimeUtc(path);
                var temp = path + ".weak.tmp";
                File.WriteAllBytes(temp, bytes);
                File.Delete(path);
                File.Move(temp, path);
                File.SetLastWriteTimeUtc(path, stamp); // unchanged stamp: incremental copies stay skipped
                Log.LogMessage(MessageImportance.High, $"MLGan: marked {Version} weak in {Path.GetFileName(path)} (system libstdc++ is older).");
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is InvalidDataException)
            {
                Log.LogWarning($"MLGan: could not patch {path}: {ex.Message}. TorchSharp may fail to load on this system.");
            }
        }
        return !Log.HasLoggedErrors;
    }

    private bool SystemRuntimeHasVersion()
    {
        string[] candidates =
        {
            "/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "/usr/lib/aarch64-linux-gnu/libstdc++.so.6",
            "/usr/lib64/libstdc++.so.6", "/usr/lib/libstdc++.so.6", "/lib64/libstdc++.so.6",
        };
        byte[] needle = Encoding.ASCII.GetBytes(Version + "\0");
        foreach (var candidate in candidates)
        {
            if (File.Exists(candidate))
                return IndexOf(File.ReadAllBytes(candidate), needle) >= 0;
        }
        return false; // unknown layout: patching is harmless where the version exists
    }

    /// <summary>Sets VER_FLG_WEAK on every Vernaux entry named <paramref name="version"/>; returns how many changed.</summary>
    public static int Weaken(byte[] elf, string version)
    {
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F')
            throw new InvalidDataException("not an ELF file");
        if (elf[4] != 2 || elf[5] != 1)
            throw new InvalidDataException("only 64-bit little-endian ELF files are supported");

        long sectionHeaders = (long)U64(elf, 0x28);
        int entrySize = U16(elf, 0x3A);
        int count = U16(elf, 0x3C);
        int changed = 0;
        for (int i = 0; i < count; i++)
        {
            long header = sectionHeaders + (long)i * entrySize;
            if (U32(elf, header + 4) != SectionTypeVerneed)
                continue;
            long offset = (long)U64(elf, header + 0x18);
            uint linkedStrings = U32(elf, header + 0x28);
            long strings = (long)U64(elf, sectionHeaders + linkedStrings * (long)entrySize + 0x18);

            long need = offset;
            while (true)
            {
                int auxCount = U16(elf, need + 2);
                long aux = need + U32(elf, need + 8);
                for (int a = 0; a < auxCount; a++)
                {
                    string name = CString(elf, strings + U32(elf, aux + 8));
                    ushort flags = U16(elf, aux + 4);
                    if (name == version && (flags & VersionFlagWeak) == 0)
                    {
                        flags |= VersionFlagWeak;
                        elf[aux + 4] = (byte)flags;
                        elf[aux + 5] = (byte)(flags >> 8);
                        changed++;
                    }
                    aux += U32(elf, aux + 12);
                }
                uint next = U32(elf, need + 12);
                if (next == 0)
                    break;
                need += next;
            }
        }
        return changed;
    }

    private static ushort U16(byte[] b, long o) => (ushort)(b[o] | b[o + 1] << 8);
    private static uint U32(byte[] b, long o) => (uint)(b[o] | b[o + 1] << 8 | b[o + 2] << 16 | b[o + 3] << 24);
    private static ulong U64(byte[] b, long o) => U32(b, o) | (ulong)U32(b, o + 4) << 32;

    private static string CString(byte[] b, long o)
    {
        long end = o;
        while (end < b.Length && b[end] != 0)
            end++;
        return Encoding.ASCII.GetString(b, (int)o, (int)(end - o));
    }

    private static int IndexOf(byte[] haystack, byte[] needle)
    {
        for (int i = 0; i <= haystack.Length - needle.Length; i++)
        {
            int j = 0;
            while (j < needle.Length && haystack[i + j] == needle[j])
                j++;
            if (j == needle.Length)
                return i;
        }
        return -1;
    }
}
