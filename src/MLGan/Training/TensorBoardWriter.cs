using System.Globalization;
using MLGan.Data;
using MLGan.Engine;
using MLGan.Networks;
using TorchSharp;
using static TorchSharp.torch;
using MLGan.Tensors;

namespace MLGan.Training;

/// <summary>
/// Writes TensorBoard event files (<see cref="GanRunOptions.TensorBoardLogDirectory"/>) with TorchSharp's
/// <c>SummaryWriter</c>: at every progress report the losses, the generator's gradient norm and the throughput; at the
/// collapse monitor's checks its metrics (and 1 for a collapsed verdict, else 0); for image GANs a 4x4 grid of
/// generated images, drawn from the same latent vectors each time so the grid shows training's progress.
/// </summary>
internal sealed class TensorBoardWriter : IReportHook, IDisposable
{
    /// <summary>Images in the sample grid (a square).</summary>
    public const int GridSide = 4;

    private readonly TorchSharp.Modules.SummaryWriter _writer;
    private readonly IFeatureCodec _codec;
    private readonly ImageShape? _image;
    private readonly int _classes;
    private readonly Tensor? _latents;

    public TensorBoardWriter(string directory, IFeatureCodec codec, ImageShape? image, int classes, long latentDimension, int seed)
    {
        Directory.CreateDirectory(directory);
        _writer = utils.tensorboard.SummaryWriter(directory);
        (_codec, _image, _classes) = (codec, image, classes);
        if (image is not null)
        {
            // Its own stream: the grid never changes what training draws.
            using var random = new Generator(RandomStreams.TensorBoard(seed));
            _latents = randn(new long[] { GridSide * GridSide, latentDimension }, generator: random);
        }
    }

    public string LogDirectory => _writer.LogDir;

    public void OnReport(ProgressReport report) { }

    public void AfterReport(ProgressReport report)
    {
        var s = report.Snapshot;
        int step = report.Step;
        _writer.add_scalar("loss/discriminator", (float)s.DiscriminatorLoss, step);
        _writer.add_scalar("loss/generator", (float)s.GeneratorLoss, step);
        _writer.add_scalar("gradient_norm/generator", (float)s.GeneratorGradientNorm, step);
        _writer.add_scalar("throughput/samples_per_second", (float)s.SamplesPerSecond, step);
        if (s.Diversity is { } d)
        {
            if (d.TotalModes > 0)
                _writer.add_scalar("diversity/modes_captured_share", (float)d.ModesCaptured / d.TotalModes, step);
            _writer.add_scalar("diversity/high_quality_share", (float)d.HighQualityShare, step);
            _writer.add_scalar("diversity/precision", (float)d.Precision, step);
            _writer.add_scalar("diversity/recall", (float)d.Recall, step);
            _writer.add_scalar("diversity/coverage", (float)d.Coverage, step);
            _writer.add_scalar("diversity/collapsed", d.IsCollapsed ? 1 : 0, step);
        }
        if (_image is not null)
            WriteSamples(report.Run.SamplingGenerator, step);
    }

    private void WriteSamples(GanNetwork generator, int step)
    {
        var shape = _image!;
        int count = GridSide * GridSide;
        float[] rows;
        bool training = generator.training;
        generator.eval();
        using (NewDisposeScope())
        using (no_grad())
        {
            var device = generator.parameters().First().device;
            var labels = _classes > 0 ? HeldScalarOps.Range(count, device).Remainder(_classes) : null;
            rows = generator.Forward(_latents!.to(device), labels).cpu().contiguous().data<float>().ToArray();
        }
        generator.train(training);
        _codec.DecodeInPlace(rows);

        // The decoded rows are in the user's units and layout: planar, then one byte scale for the whole grid.
        int size = shape.Size, area = shape.Height * shape.Width;
        var planar = new float[rows.Length];
        for (int i = 0; i < count; i++)
        {
            if (shape.Interleaved)
                shape.ToPlanar(rows.AsSpan(i * size, size), planar.AsSpan(i * size, size));
            else
                rows.AsSpan(i * size, size).CopyTo(planar.AsSpan(i * size, size));
        }
        float min = planar.Min(), max = planar.Max();
        float scale = min >= 0 && max <= 1 ? 255 : min >= 0 && max <= 255 ? 1 : 255 / Math.Max(max - min, 1e-6f);
        float offset = min >= 0 && max <= 255 ? 0 : min;
        var grid = new ImageShape(shape.Channels, shape.Height * GridSide, shape.Width * GridSide);
        var pixels = new float[grid.Size];
        for (int i = 0; i < count; i++)
        {
            int top = i / GridSide * shape.Height, left = i % GridSide * shape.Width;
            for (int c = 0; c < shape.Channels; c++)
                for (int y = 0; y < shape.Height; y++)
                    for (int x = 0; x < shape.Width; x++)
                        pixels[c * grid.Height * grid.Width + (top + y) * grid.Width + left + x] =
                            (planar[i * size + c * area + y * shape.Width + x] - offset) * scale;
        }
        // SummaryWriter takes images as PNG files.
        var file = Path.Combine(Path.GetTempPath(), $"mlgan-tensorboard-{Guid.NewGuid():N}.png");
        try
        {
            using (var image = ImagePixels.FromPlanar(pixels, grid.Channels is 1 or 3 ? grid : grid with { Channels = 1 }))
                image.Save(file);
            _writer.add_img("samples", file, step);
        }
        finally
        {
            File.Delete(file);
        }
    }

    public void Dispose() => _latents?.Dispose();
}
