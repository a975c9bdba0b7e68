using MLGan.Data;
using MLGan.Generation;
using MLGan.Networks;
using MLGan.Training;

namespace MLGan.Persistence;

/// <summary>
/// The binary form of a <see cref="GeneratorModel"/>: <c>int32 format version</c> (4), then sections
/// (<see cref="Sections"/>), each with its own version:
/// <list type="bullet">
/// <item><c>manifest</c> 1: feature, output and optional latent column; seed; codec kind; the latent sampler's version
/// (<see cref="RowNoise.Version"/>: the per-row noise is part of what makes a model reproducible); the generating module's name.</item>
/// <item><c>options</c> 1 (when known): the <see cref="GanOptions"/> the model was trained with, as JSON, and the schedule
/// changes made during training (<see cref="ScheduleChange"/>: <c>int32 n; n x {int32 step; string setting; double value}</c>).</item>
/// <item><c>codec</c> 2 (1 still read): see <see cref="CodecFormat"/>.</item>
/// <item><c>modules</c> 1: <c>int32 n</c>; per module its name, role, mixture weight, type-tagged spec
/// (<see cref="NetworkSpecs"/>) and state (<see cref="StateDictFormat"/>).</item>
/// <item><c>labels</c> 2 (1 still read): the classes of conditional models (see <see cref="LabelFormat"/>).</item>
/// <item><c>history</c> 1: <c>int32 n; n x GanProgress</c> (diversity metrics versioned inside each entry).</item>
/// </list>
/// Formats 1 to 3 are still read (<see cref="LegacyGeneratorFormat"/>). Reading checks every count and length against
/// the bytes left, and a spec's parameter count against the values present, before any module is built; a damaged
/// file fails with a clear <see cref="InvalidDataException"/>.
/// </summary>
internal static class GeneratorModelFormat
{
    public const int CurrentVersion = 4;
    private const int MaxModules = 64;
    private const string Manifest = "manifest", Options = "options", Codec = "codec", Modules = "modules", Labels = "labels", History = "history";
    private const string GeneratorRole = "generator";

    public static void Write(BinaryWriter writer, GeneratorModel model)
    {
        writer.Write(CurrentVersion);
        var sections = new List<(string, int, Action<BinaryWriter>)> { (Manifest, 1, w => WriteManifest(w, model)) };
        if (model.Options is not null)
            sections.Add((Options, 1, w => SectionPayloads.WriteOptions(w, model.Options, model.ScheduleChanges)));
        sections.Add((Codec, CodecFormat.Version, w => CodecFormat.Write(w, model.Codec)));
        sections.Add((Modules, 1, w => WriteModules(w, model)));
        sections.Add((Labels, LabelFormat.Version, w => LabelFormat.Write(w, model.Labels)));
        sections.Add((History, 1, w => SectionPayloads.WriteHistory(w, model.History)));
        Sections.Write(writer, sections);
    }

    public static GeneratorModel Read(BinaryReader reader) => BinaryFormat.Guard("GAN generator", () =>
    {
        var seekable = BinaryFormat.Seekable(reader);
        int version = BinaryFormat.ReadVersion(seekable, CurrentVersion);
        return version <= LegacyGeneratorFormat.LastVersion ? LegacyGeneratorFormat.Read(seekable, version) : ReadSections(seekable);
    });

    private static void WriteManifest(BinaryWriter writer, GeneratorModel model)
    {
        writer.Write(model.FeatureColumnName);
        writer.Write(model.OutputColumnName);
        writer.Write(model.LatentColumnName is not null);
        if (model.LatentColumnName is not null)
            writer.Write(model.LatentColumnName);
        writer.Write(model.Seed);
        writer.Write(model.Codec.Kind);
        writer.Write(RowNoise.Version);
        writer.Write(model.Generator.GetName());
    }

    private static void WriteModules(BinaryWriter writer, GeneratorModel model)
    {
        writer.Write(1);
        writer.Write(model.Generator.GetName());
        writer.Write(GeneratorRole);
        writer.Write(1.0); // mixture weight: room for several generators
        NetworkSpecs.Write(writer, model.Generator.Spec);
        StateDictFormat.Write(writer, model.Generator);
    }

    private static GeneratorModel ReadSections(BinaryReader reader)
    {
        var sections = Sections.Read(reader);

        var manifest = Sections.Require(sections, Manifest);
        manifest.RequireVersion(1);
        using var m = manifest.Open();
        string feature = m.ReadString();
        string output = m.ReadString();
        string? latent = m.ReadBoolean() ? m.ReadString() : null;
        int seed = m.ReadInt32();
        string codecKind = m.ReadString();
        int sampler = m.ReadInt32();
        if (sampler < 1 || sampler > RowNoise.Version)
            throw new InvalidDataException($"its latent sampler has version {sampler}, and this MLGan generates with version {RowNoise.Version}; rows would differ");
        string generatorName = m.ReadString();

        var (options, changes) = sections.TryGetValue(Options, out var optionsSection) ? optionsSection.Read(1, SectionPayloads.ReadOptions) : (null, null);
        var codec = CodecFormat.Read(Sections.Require(sections, Codec));
        if (codec.Kind != codecKind)
            throw new InvalidDataException($"its manifest names a '{codecKind}' codec but the codec section holds a '{codec.Kind}' one");

        var history = Sections.Require(sections, History).Read(1, SectionPayloads.ReadHistory);
        var generator = Sections.Require(sections, Modules).Read(1, r => ReadGenerator(r, generatorName));
        long written = generator.Spec.OutputShape.Aggregate(1L, (a, b) => a * b);
        if (written != codec.EncodedShape.Aggregate(1L, (a, b) => a * b))
        {
            generator.Dispose();
            throw new InvalidDataException($"the codec decodes rows of {codec.Size} values but the generator writes {written}");
        }
        var labels = sections.TryGetValue(Labels, out var labelSection) ? LabelFormat.Read(labelSection) : null;
        int? conditionedOn = generator.Spec is ConditionalSpec conditional ? conditional.Classes : null;
        if (conditionedOn != labels?.Classes.Count)
        {
            generator.Dispose();
            throw new InvalidDataException($"its generator is conditioned on {conditionedOn ?? 0} classes but its labels section holds {labels?.Classes.Count ?? 0}");
        }
        return new GeneratorModel(feature, output, latent, seed, generator, codec, history, options, changes) { Labels = labels };
    }

    /// <summary>The named module; each module's spec is checked against the values stored for it before it is built.</summary>
    private static GanNetwork ReadGenerator(BinaryReader reader, string name)
    {
        int count = reader.ReadInt32();
        if (count < 1 || count > MaxModules)
            throw new InvalidDataException($"implausible module count {count}");
        for (int i = 0; i < count; i++)
        {
            string moduleName = reader.ReadString();
            reader.ReadString(); // role
            double weight = reader.ReadDouble();
            if (!(weight is >= 0 and <= 1))
                throw new InvalidDataException($"module '{moduleName}' has the mixture weight {weight}");
            var spec = NetworkSpecs.Read(reader);
            double parameters = spec.ParameterCount;
            if (parameters > SizeLimits.MaxParameters)
                throw new InvalidDataException(FormattableString.Invariant(
                    $"module '{moduleName}' ({spec}) claims {parameters:G3} parameters, more than MLGan's limit of {SizeLimits.MaxParameters:G3}"));
            var state = StateDictFormat.Read(reader, moduleName);
            long present = StateDictFormat.FloatValues(state);
            if (parameters > present)
                throw new InvalidDataException(FormattableString.Invariant(
                    $"module '{moduleName}' ({spec}) claims {parameters:G3} parameters but the file holds {present} values for it"));
            if (moduleName != name)
                continue;
            var network = spec.Build(moduleName);
            try
            {
                StateDictFormat.Load(network, state, moduleName);
                return network;
            }
            catch
            {
                network.Dispose();
                throw;
            }
        }
        throw new InvalidDataException($"its manifest names the generator module '{name}', which the modules section does not hold");
    }
}
