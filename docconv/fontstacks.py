"""CSS font stacks: the articles' HTML and EPUB (writers.markup) and the batch's index page."""

# Fonts: the serif (Song/Ming) face for reading, sans (Hei) for the headline. Traditional text
# gets the TC faces first so its glyph forms match the reader's expectations.
SERIF_SC = ('"Noto Serif SC", "Noto Serif CJK SC", "Source Han Serif SC", "Songti SC", '
            'STSong, SimSun, serif')
SANS_SC = ('"Noto Sans SC", "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", '
           '"Hiragino Sans GB", "Microsoft YaHei", sans-serif')
SERIF_TC = ('"Noto Serif TC", "Noto Serif CJK TC", "Source Han Serif TC", "Songti TC", '
            'PMingLiU, MingLiU, serif')
SANS_TC = ('"Noto Sans TC", "Noto Sans CJK TC", "Source Han Sans TC", "PingFang TC", '
           '"Microsoft JhengHei", sans-serif')
