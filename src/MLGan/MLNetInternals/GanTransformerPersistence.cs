using Microsoft.ML;
using Microsoft.ML.Runtime;
using MLGan;
using MLGan.Generation;
using MLGan.MLNetInternals;
using MLGan.Persistence;

[assembly: LoadableClass(typeof(GanTransformer), typeof(GanTransformerPersistence), null, typeof(SignatureLoadModel),
    "GAN generator", GanTransformerPersistence.LoaderSignature)]

namespace MLGan.MLNetInternals;

/// <summary>Saves and loads a <see cref="GanTransformer"/> (state format: <see cref="GeneratorModelFormat"/>).</summary>
internal static class GanTransformerPersistence
{
    public const string LoaderSignature = "MLGanGenerator";
    private const string Stream = "Generator.bin";

    // 0x00010002: the sectioned generator format 4, which MLGan versions that wrote 0x00010001 cannot read.
    private static VersionInfo GetVersionInfo() => ModelStreams.Version("MLGANGEN", LoaderSignature, written: 0x00010002, readable: 0x00010002);

    public static void Save(ModelSaveContext ctx, GeneratorModel model)
        => ModelStreams.Save(ctx, GetVersionInfo(), Stream, writer => GeneratorModelFormat.Write(writer, model));

    // Found by ML.NET's component catalog (LoadableClass above) when a model zip names this loader.
    private static GanTransformer Create(IHostEnvironment env, ModelLoadContext ctx)
        => new(ModelStreams.Load(ctx, GetVersionInfo(), Stream, GeneratorModelFormat.Read));
}
