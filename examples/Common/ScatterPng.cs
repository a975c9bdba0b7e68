using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace MLGan.Examples;

/// <summary>
/// Draws 2-D point sets as a PNG scatter plot (white background, light grid, one colour per set).
/// Self-contained (an RGB raster and a minimal PNG encoder) so examples need no imaging package.
/// </summary>
public static class ScatterPng
{
    public sealed record Series(string Name, IReadOnlyList<float[]> Points, (byte R, byte G, byte B) Color, int Radius = 1);

    public static void Write(string path, int size, IReadOnlyList<Series> series)
    {
        var all = series.SelectMany(s => s.Points).Where(p => float.IsFinite(p[0]) && float.IsFinite(p[1])).ToList();
        float minX = all.Min(p => p[0]), maxX = all.Max(p => p[0]);
        float minY = all.Min(p => p[1]), maxY = all.Max(p => p[1]);
        float span = Math.Max(maxX - minX, maxY - minY) * 1.1f + 1e-6f;
        float cx = (minX + maxX) / 2, cy = (minY + maxY) / 2;

        var pixels = new byte[size * size * 3];
        Array.Fill(pixels, (byte)255);
        for (int g = 1; g < 10; g++)
        {
            int line = g * size / 10;
            for (int t = 0; t < size; t++)
            {
                Set(pixels, size, line, t, (230, 230, 230));
                Set(pixels, size, t, line, (230, 230, 230));
            }
        }
        foreach (var s in series)
        {
            foreach (var p in s.Points)
            {
                if (!float.IsFinite(p[0]) || !float.IsFinite(p[1]))
                    continue;
                int x = (int)((p[0] - cx) / span * size + size / 2f);
                int y = (int)(size / 2f - (p[1] - cy) / span * size);
                for (int dx = -s.Radius; dx <= s.Radius; dx++)
                    for (int dy = -s.Radius; dy <= s.Radius; dy++)
                        Set(pixels, size, x + dx, y + dy, s.Color);
            }
        }
        File.WriteAllBytes(path, Encode(pixels, size, size));
    }

    private static void Set(byte[] pixels, int size, int x, int y, (byte R, byte G, byte B) c)
    {
        if (x < 0 || y < 0 || x >= size || y >= size)
            return;
        int i = (y * size + x) * 3;
        pixels[i] = c.R;
        pixels[i + 1] = c.G;
        pixels[i + 2] = c.B;
    }

    /// <summary>PNG: signature, IHDR (8-bit RGB), one zlib IDAT with filter 0 per scanline, IEND.</summary>
    private static byte[] Encode(byte[] rgb, int width, int height)
    {
        var raw = new MemoryStream();
        for (int y = 0; y < height; y++)
        {
            raw.WriteByte(0);
            raw.Write(rgb, y * width * 3, width * 3);
        }
        var compressed = new MemoryStream();
        using (var z = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
            raw.WriteTo(z);

        var png = new MemoryStream();
        png.Write(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A });
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8; // bit depth
        header[9] = 2; // colour type RGB
        Chunk(png, "IHDR", header);
        Chunk(png, "IDAT", compressed.ToArray());
        Chunk(png, "IEND", Array.Empty<byte>());
        return png.ToArray();
    }

    private static void Chunk(Stream stream, string type, byte[] data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        stream.Write(word);
        var typed = Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        stream.Write(typed);
        BinaryPrimitives.WriteUInt32BigEndian(word, Crc32(typed));
        stream.Write(word);
    }

    private static uint Crc32(byte[] data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (var b in data)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++)
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
        }
        return ~crc;
    }
}
