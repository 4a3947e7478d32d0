// One function per screen. Each reads the kiosk's state through the Frame and appends Actions;
// none of them changes state itself.
#pragma once
#include "ui/widgets.h"

namespace bk::ui {

void DrawTopBar(const Frame& f);
void DrawStart(const Frame& f);
void DrawClosed(const Frame& f);  // instead of Start outside opening hours (Kiosk::Closed)
void DrawHome(const Frame& f);
void DrawServiceList(const Frame& f);
void DrawGuide(const Frame& f);
void DrawFeedback(const Frame& f);
void DrawThanks(const Frame& f);
void DrawHelp(const Frame& f);
void DrawHelpBanner(const Frame& f);  // under the top bar while a help call is open, on every screen but Help
void DrawIdleOverlay(const Frame& f);
void DrawKeyboard(const Frame& f, float height);
// The height `rows` rows of keys at the touch minimum take, with the keyboard's gaps, at `em`.
float KeyboardHeightAtTouchMinimum(float em, int rows);
bool HoldingStaffCorner(float em);  // a finger pressed in the hidden top-left corner is still there
void DrawStaffCorner(const Frame& f);
void DrawSpeechCorner(const Frame& f);  // holding the bottom-left corner starts speech mode (a tactile marker can sit there)
void DrawStaffPin(const Frame& f);
void DrawStaff(const Frame& f);

// Shared layout: the region below the top bar.
ImVec2 ContentSize();

}  // namespace bk::ui
