// Screenshot of the real framebuffer: read the back buffer before the swap, write a PNG
// flipped (OpenGL's rows go bottom-up). stb_image_write comes from Debian's libstb.
#include <GL/gl.h>
#include <stb/stb_image_write.h>

#include <vector>

#include "platform/platform.hpp"

namespace mailsim::gui {

bool save_screenshot(const std::string& path, int width, int height) {
  if (width <= 0 || height <= 0) return false;
  while (glGetError() != GL_NO_ERROR) {}
  std::vector<unsigned char> pixels(static_cast<std::size_t>(width) * height * 3);
  glReadBuffer(GL_BACK);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadPixels(0, 0, width, height, GL_RGB, GL_UNSIGNED_BYTE, pixels.data());
  if (glGetError() != GL_NO_ERROR) return false;
  stbi_flip_vertically_on_write(1);
  return stbi_write_png(path.c_str(), width, height, 3, pixels.data(), width * 3) != 0;
}

}  // namespace mailsim::gui
