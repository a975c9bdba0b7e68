using MLGan.Data;

namespace MLGan.Persistence;

/// <summary>Where a checkpointed run was: its step of its planned steps, its seed, and the data it trained on.</summary>
internal sealed record CheckpointManifest(int Step, int TotalSteps, int Seed, int Rows, int FeatureSize, ulong DataFingerprint, double ElapsedSeconds);

/// <summary>A training checkpoint as read back: the manifest, what it was trained with, and its sections of state.</summary>
internal sealed record Checkpoint(CheckpointManifest Manifest, GanOptions Options, IFeatureCodec Codec, Section Run, Section? Monitor, IReadOnlyList<GanProgress> History);

/// <summary>
/// A checkpoint file: the text "MLGan checkpoint", <c>int32 version</c> (1), then sections (<see cref="Sections"/>):
/// <c>manifest</c> (step, planned steps, seed, training rows, values per row, a fingerprint of the training data, elapsed
/// seconds), <c>options</c> (JSON), <c>codec</c>, <c>run</c> (the training run's state: samplers, random streams, players with
/// their optimizers, term weights, learning rates, remedy state), <c>monitor</c> (optional) and <c>history</c>.
/// </summary>
internal static class CheckpointFormat
{
    public const int CurrentVersion = 1;
    private const string Magic = "MLGan checkpoint";

    public static void Write(string path, CheckpointManifest manifest, GanOptions options, IFeatureCodec codec, IReadOnlyList<GanProgress> history,
        Action<BinaryWriter> writeRun, Action<BinaryWriter>? writeMonitor)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        string temporary = path + ".writing";
        using (var stream = File.Create(temporary))
        using (var writer = new BinaryWriter(stream))
        {
            writer.Write(Magic);
            writer.Write(CurrentVersion);
            var sections = new List<(string, int, Action<BinaryWriter>)>
            {
                ("manifest", 1, w =>
                {
                    w.Write(manifest.Step);
                    w.Write(manifest.TotalSteps);
                    w.Write(manifest.Seed);
                    w.Write(manifest.Rows);
                    w.Write(manifest.FeatureSize);
                    w.Write(manifest.DataFingerprint);
                    w.Write(manifest.ElapsedSeconds);
                }),
                ("options", 1, w => SectionPayloads.WriteOptions(w, options, Array.Empty<ScheduleChange>())),
                ("codec", CodecFormat.Version, w => CodecFormat.Write(w, codec)),
                ("run", 1, writeRun),
            };
            if (writeMonitor is not null)
                sections.Add(("monitor", 1, writeMonitor));
            sections.Add(("history", 1, w => SectionPayloads.WriteHistory(w, history)));
            Sections.Write(writer, sections);
        }
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Reads a checkpoint file; a damaged or foreign file fails with an <see cref="InvalidDataException"/> naming it.</summary>
    public static Checkpoint Read(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"There is no checkpoint at '{path}' (GanOptions.Run.ResumeFrom).", path);
        return Guarded(path, () =>
        {
            using var reader = new BinaryReader(new MemoryStream(File.ReadAllBytes(path), writable: false));
            if (reader.ReadString() != Magic)
                throw new InvalidDataException("it is not an MLGan checkpoint");
            BinaryFormat.ReadVersion(reader, CurrentVersion);
            var sections = Sections.Read(reader);
            var manifest = Sections.Require(sections, "manifest");
            manifest.RequireVersion(1);
            using var m = manifest.Open();
            int step = m.ReadInt32(), total = m.ReadInt32(), seed = m.ReadInt32(), rows = m.ReadInt32(), size = m.ReadInt32();
            ulong fingerprint = m.ReadUInt64();
            double elapsed = m.ReadDouble();
            if (step < 0 || step > total || rows < 1 || size < 1)
                throw new InvalidDataException($"its manifest is inconsistent (step {step} of {total}, {rows} rows of {size} values)");
            var options = Sections.Require(sections, "options").Read(1, SectionPayloads.ReadOptions).Options; // the escalations' changes are in the monitor's state
            var codec = CodecFormat.Read(Sections.Require(sections, "codec"));
            var run = Sections.Require(sections, "run");
            run.RequireVersion(1);
            sections.TryGetValue("monitor", out var monitor);
            monitor?.RequireVersion(1);
            var history = Sections.Require(sections, "history").Read(1, SectionPayloads.ReadHistory);
            return new Checkpoint(new CheckpointManifest(step, total, seed, rows, size, fingerprint, elapsed), options, codec, run, monitor, history);
        });
    }

    /// <summary>Runs <paramref name="read"/> on the checkpoint at <paramref name="path"/>: any sign of damage becomes one <see cref="InvalidDataException"/> naming the file.</summary>
    public static T Guarded<T>(string path, Func<T> read)
    {
        try
        {
            return BinaryFormat.Guard("checkpoint", read, Unreadable);
        }
        catch (InvalidDataException ex)
        {
            throw new InvalidDataException($"'{path}': {ex.Message}", ex);
        }
    }

    /// <summary>The message of a damaged checkpoint (<c>{0}</c>: what failed).</summary>
    public const string Unreadable = "The checkpoint cannot be read: {0}. The file is damaged or was written by another MLGan version; resume from an earlier checkpoint or train again.";

    /// <summary>FNV-1a over the values' bits: resuming on other data than the checkpoint's is refused.</summary>
    public static ulong Fingerprint(FeatureTable table)
    {
        ulong hash = 14695981039346656037UL;
        foreach (float value in table.Values)
        {
            uint bits = BitConverter.SingleToUInt32Bits(value);
            for (int b = 0; b < 4; b++)
            {
                hash ^= (bits >> (8 * b)) & 0xFF;
                hash *= 1099511628211UL;
            }
        }
        return hash;
    }
}
